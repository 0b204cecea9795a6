package io.dataflow.gateway.server.resources;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An RFC 9457 problem answer for a request the API cannot serve. */
public final class Problem extends WebApplicationException {

  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem(Response response) {
    super(response);
  }

  /** A validation problem naming the offending query parameter or field. */
  public static Problem invalid(String field, String detail) {
    return new Problem(response(Response.Status.BAD_REQUEST, detail, Optional.of(field)));
  }

  /**
   * The answer for any problem: {@code type} {@code about:blank} with the status's own title, the
   * specific {@code detail}, and for validation problems the {@code field} at fault.
   */
  public static Response response(Response.StatusType status, String detail, Optional<String> field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.getStatusCode());
    body.put("detail", detail);
    field.ifPresent(f -> body.put("field", f));
    return Response.status(status.getStatusCode()).type(MEDIA_TYPE).entity(body).build();
  }

  /** A problem with {@code status}, its standard title and a specific detail. */
  public static Problem of(Response.Status status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.getStatusCode());
    body.put("detail", detail);
    return new Problem(Response.status(status).type(MEDIA_TYPE).entity(body).build());
  }
}
