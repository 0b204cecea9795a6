package io.dataflow.gateway.server.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3 description of {@code /api/v1}, kept as a resource file beside the code that serves
 * it; a test checks that it names every path the API serves.
 */
@Path("/api/v1/openapi.json")
public final class OpenApiResource {

  static final String DOCUMENT = "openapi.json";

  private final String document;

  OpenApiResource() {
    this.document = load();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String get() {
    return document;
  }

  static String load() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException("The API description " + DOCUMENT + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the API description " + DOCUMENT, e);
    }
  }
}
