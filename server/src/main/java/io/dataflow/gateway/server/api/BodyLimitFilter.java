package io.dataflow.gateway.server.api;

import io.dataflow.gateway.server.resources.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Refuses API request bodies over {@link #MAX_BODY_BYTES} with 413 before anything reads them. A
 * declared {@code Content-Length} is checked at once; a chunked body is read up to one byte past the
 * limit. Request bodies of this API are small JSON documents, so a megabyte is far more than enough;
 * the catalog ({@code /iceberg}) is not limited here.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public final class BodyLimitFilter implements ContainerRequestFilter {

  /** The largest request body the API reads. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    String path = request.getUriInfo().getPath();
    if (!(path.startsWith("api/") || path.startsWith("/api/")) || !request.hasEntity()) {
      return;
    }
    if (request.getLength() > MAX_BODY_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    InputStream body = request.getEntityStream();
    byte[] read = body.readNBytes(MAX_BODY_BYTES + 1);
    if (read.length > MAX_BODY_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(read));
  }

  private static Response tooLarge() {
    ApiException problem = ApiException.tooLarge(MAX_BODY_BYTES);
    return Problem.response(problem.status(), problem.getMessage(), Optional.empty());
  }
}
