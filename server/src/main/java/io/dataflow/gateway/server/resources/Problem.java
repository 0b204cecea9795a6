package io.dataflow.gateway.server.resources;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem answer for a request the API cannot serve. */
public final class Problem extends WebApplicationException {

  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem(Response response) {
    super(response);
  }

  /** A validation problem naming the offending query parameter or field. */
  public static Problem invalid(String field, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", "Bad Request");
    body.put("status", 400);
    body.put("detail", detail);
    body.put("field", field);
    return new Problem(Response.status(400).type(MEDIA_TYPE).entity(body).build());
  }
}
