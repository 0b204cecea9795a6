package io.dataflow.gateway.server.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Supplier;

/** Where the gateway's components are, so that users can connect their own clients. */
@Path("/api/v1/runtime")
@Produces(MediaType.APPLICATION_JSON)
public final class RuntimeResource {

  /**
   * The runtime description.
   *
   * @param trinoJdbcUrl the Trino JDBC URL in use
   * @param trinoUser the user the gateway's queries run as
   * @param trinoEmbedded whether the gateway launched this Trino
   * @param catalogUri the Iceberg REST catalog URI
   * @param warehouse the warehouse location
   * @param databaseEmbedded whether the gateway started its PostgreSQL
   * @param databaseUrl the PostgreSQL JDBC URL (no credentials)
   * @param dataDirectory the data directory
   */
  public record Runtime(
      String trinoJdbcUrl,
      String trinoUser,
      boolean trinoEmbedded,
      String catalogUri,
      String warehouse,
      boolean databaseEmbedded,
      String databaseUrl,
      String dataDirectory) {}

  private final Supplier<Runtime> runtime;

  public RuntimeResource(Supplier<Runtime> runtime) {
    this.runtime = runtime;
  }

  @GET
  public Runtime get() {
    return runtime.get();
  }
}
