package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * A request the API cannot serve, with the status it answers and a detail that says exactly what
 * was wrong; {@link ApiExceptionMapper} writes it as a problem.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Response.Status status;
  private final transient Optional<String> field;

  private ApiException(Response.Status status, String detail, Optional<String> field) {
    super(requireNonNull(detail, "detail is null"));
    this.status = requireNonNull(status, "status is null");
    this.field = requireNonNull(field, "field is null");
  }

  /** 404: there is no {@code what} called {@code id}. */
  public static ApiException notFound(String what, String id) {
    return new ApiException(Response.Status.NOT_FOUND, "There is no " + what + " '" + id + "'", Optional.empty());
  }

  /** 400 naming the query parameter or body field at fault. */
  public static ApiException invalid(String field, String detail) {
    return new ApiException(Response.Status.BAD_REQUEST, detail, Optional.of(field));
  }

  /** 409: the request is valid but clashes with what exists. */
  public static ApiException conflict(String detail) {
    return new ApiException(Response.Status.CONFLICT, detail, Optional.empty());
  }

  /** 413: the body is larger than the API accepts. */
  public static ApiException tooLarge(long limit) {
    return new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "The request body is larger than " + limit + " bytes, the most this API accepts", Optional.empty());
  }

  public Response.Status status() {
    return status;
  }

  public Optional<String> field() {
    return field;
  }
}
