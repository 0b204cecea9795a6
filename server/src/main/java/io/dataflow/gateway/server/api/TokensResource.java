package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.server.auth.ApiToken;
import io.dataflow.gateway.server.auth.Role;
import io.dataflow.gateway.server.auth.TokenStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** API tokens: created with their secret shown once, listed without secrets, revoked. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public final class TokensResource {

  private final TokenStore tokens;

  TokensResource(TokenStore tokens) {
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  @POST
  public Response create(String body, @Context UriInfo uri) {
    TokenJson.Request request = JsonBodies.read(body, TokenJson.Request.class);
    ApiToken.Issued issued = tokens.create(request.name(), Role.parse(request.role()));
    ApiToken token = issued.token();
    return Response.created(uri.getAbsolutePathBuilder().path(token.id()).build())
        .entity(new TokenJson.Issued(token.id(), token.name(), token.role().wireName(), issued.secret()))
        .build();
  }

  /** Every stored token, revoked ones too, without secrets. */
  @GET
  public List<TokenJson.Token> list() {
    return tokens.list().stream().map(TokenJson.Token::of).toList();
  }

  /** Revokes a token; its secret is refused from now on. */
  @DELETE
  @Path("{id}")
  public TokenJson.Token revoke(@PathParam("id") String id) {
    return tokens.revoke(id).map(TokenJson.Token::of).orElseThrow(() -> ApiException.notFound("token", id));
  }
}
