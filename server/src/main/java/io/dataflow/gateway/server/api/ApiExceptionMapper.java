package io.dataflow.gateway.server.api;

import io.dataflow.gateway.server.resources.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** The one place where the API's errors become HTTP answers: RFC 9457 problems. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  @Override
  public Response toResponse(ApiException exception) {
    return Problem.response(exception.status(), exception.getMessage(), exception.field());
  }
}
