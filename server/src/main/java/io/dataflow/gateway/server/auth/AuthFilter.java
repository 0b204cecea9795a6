package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.server.resources.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a request whose bearer token is missing or unknown (401, with {@code WWW-Authenticate})
 * or whose role is too low (403), before any resource is matched. Answers in the API's problem
 * format, and on the catalog in the Iceberg REST error model that catalog clients parse.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {

  static final String REALM = "dataflow-gateway";
  private static final String BEARER = "Bearer ";

  private final Authenticator authenticator;
  private final AccessPolicy policy;

  public AuthFilter(Authenticator authenticator, AccessPolicy policy) {
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.policy = requireNonNull(policy, "policy is null");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    Optional<Role> required = policy.required(request.getMethod(), path);
    if (required.isEmpty()) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      request.abortWith(unauthorized(path, "This request needs a token: send 'Authorization: Bearer <token>'", ""));
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      request.abortWith(unauthorized(path, "Only bearer tokens are accepted: send 'Authorization: Bearer <token>'", ""));
      return;
    }
    Optional<Caller> caller = authenticator.authenticate(header.substring(BEARER.length()));
    if (caller.isEmpty()) {
      request.abortWith(unauthorized(path, "The token is unknown or revoked", ", error=\"invalid_token\""));
      return;
    }
    if (!caller.get().role().includes(required.get())) {
      request.abortWith(error(path, Response.Status.FORBIDDEN, "ForbiddenException",
          "Token '" + caller.get().name() + "' has role " + caller.get().role().wireName() + "; "
              + request.getMethod() + " /" + stripSlash(path) + " needs role " + required.get().wireName()));
      return;
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new TokenSecurityContext(caller.get(), secure));
  }

  private static Response unauthorized(String path, String detail, String error) {
    Response response = error(path, Response.Status.UNAUTHORIZED, "NotAuthorizedException", detail);
    return Response.fromResponse(response)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"" + error)
        .build();
  }

  private static Response error(String path, Response.Status status, String icebergType, String detail) {
    if (stripSlash(path).startsWith("iceberg")) {
      // Iceberg's REST error model, which catalog clients turn into their own exceptions.
      Map<String, Object> error = Map.of("message", detail, "type", icebergType, "code", status.getStatusCode());
      return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error)).build();
    }
    return Problem.response(status, detail, Optional.empty());
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /** The caller as the resources see it. */
  private record TokenSecurityContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      try {
        return caller.role().includes(Role.parse(role));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
