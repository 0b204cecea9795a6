package io.dataflow.gateway.catalog.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps catalog exceptions to the REST spec's error model, in one place. */
final class IcebergErrors {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergErrors.class);

  private IcebergErrors() {}

  static int status(Throwable error) {
    return switch (error) {
      case NoSuchNamespaceException e -> 404;
      case NoSuchTableException e -> 404;
      case NoSuchViewException e -> 404;
      case NotFoundException e -> 404;
      case AlreadyExistsException e -> 409;
      case CommitFailedException e -> 409;
      case NamespaceNotEmptyException e -> 409;
      case NotAuthorizedException e -> 401;
      case ForbiddenException e -> 403;
      case BadRequestException e -> 400;
      case ValidationException e -> 400;
      case IllegalArgumentException e -> 400;
      case UnsupportedOperationException e -> 406;
      case ServiceUnavailableException e -> 503;
      case CommitStateUnknownException e -> 500;
      default -> 500;
    };
  }

  static Response toResponse(Throwable error) {
    int status = status(error);
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (status >= 500) {
      LOG.error("Catalog request failed", error);
      if (!(error instanceof CommitStateUnknownException)) {
        message = "Internal catalog error: " + message;
      }
    } else {
      LOG.debug("Catalog request rejected ({}): {}", status, message);
    }
    ErrorResponse body =
        ErrorResponse.builder()
            .responseCode(status)
            .withType(error.getClass().getSimpleName())
            .withMessage(message)
            .build();
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorResponseParser.toJson(body))
        .build();
  }
}
