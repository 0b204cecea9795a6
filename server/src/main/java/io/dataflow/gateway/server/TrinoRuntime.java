package io.dataflow.gateway.server;

import io.dataflow.gateway.trino.TrinoConfig;
import io.dataflow.gateway.trino.embedded.EmbeddedTrino;
import io.dataflow.gateway.trino.embedded.TrinoLaunchException;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Trino the gateway runs on: a configured cluster, or an embedded single node launched when the
 * gateway starts and stopped when it stops. The embedded Trino reaches the gateway's own Iceberg
 * catalog through the {@code iceberg} catalog.
 */
public final class TrinoRuntime implements Managed {

  private final TrinoConfig config;
  private final Path dataDirectory;
  private final String catalogUri;
  private final Map<String, Map<String, String>> otherCatalogs = new java.util.TreeMap<>();
  private final String warehouse;
  private final Map<String, String> extraCatalogProperties;
  private volatile Optional<EmbeddedTrino> embedded = Optional.empty();
  private volatile Optional<String> catalogToken = Optional.empty();

  public TrinoRuntime(
      TrinoConfig config,
      Path dataDirectory,
      String catalogUri,
      String warehouse,
      Map<String, String> extraCatalogProperties) {
    this.config = config;
    this.extraCatalogProperties = Map.copyOf(extraCatalogProperties);
    this.dataDirectory = dataDirectory;
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
  }

  /**
   * Catalogs the embedded Trino serves beside {@code iceberg}, by name, each with its connector
   * properties: a legacy warehouse to read while migrating, say. Set before {@link #start()}.
   *
   * @throws IllegalArgumentException if one is called {@code iceberg}
   */
  public void addCatalogs(Map<String, Map<String, String>> catalogs) {
    if (catalogs.containsKey("iceberg")) {
      throw new IllegalArgumentException("embeddedTrinoCatalogs cannot define 'iceberg': it is the gateway's own catalog;"
          + " give its extra properties in embeddedTrinoCatalog");
    }
    catalogs.forEach((name, properties) -> otherCatalogs.put(name, Map.copyOf(properties)));
  }

  @Override
  public void start() {
    if (config.jdbcUrl().isPresent()) {
      return;
    }
    try {
      Map<String, Map<String, String>> catalogs = new java.util.LinkedHashMap<>(otherCatalogs);
      catalogs.put("iceberg", icebergCatalog());
      embedded = Optional.of(EmbeddedTrino.start(config.embedded(), dataDirectory, catalogs));
    } catch (TrinoLaunchException e) {
      throw new GatewayStartupException("Cannot start the embedded Trino: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the embedded Trino send {@code token} to the gateway's catalog, which refuses requests
   * without one when authentication is on. Takes effect at {@link #start()}.
   */
  public void useCatalogToken(String token) {
    if (embedded.isPresent()) {
      throw new IllegalStateException("The embedded Trino runs already: set its catalog token before it starts");
    }
    catalogToken = Optional.of(token);
  }

  /** The connector properties of the {@code iceberg} catalog that points at the gateway. */
  Map<String, String> icebergCatalog() {
    Map<String, String> properties = new TreeMap<>();
    properties.put("connector.name", "iceberg");
    properties.put("iceberg.catalog.type", "rest");
    properties.put("iceberg.rest-catalog.uri", catalogUri);
    if (warehouse.startsWith("file:") || warehouse.startsWith("/")) {
      // Absolute file: locations are resolved under local.location, so its root must be "/".
      properties.put("fs.native-local.enabled", "true");
      properties.put("local.location", "/");
    }
    catalogToken.ifPresent(token -> {
      // Iceberg's REST client sends a static OAuth2 token as a bearer token on every request; the
      // token is not a JWT, so the client never tries to refresh it.
      properties.put("iceberg.rest-catalog.security", "OAUTH2");
      properties.put("iceberg.rest-catalog.oauth2.token", token);
    });
    properties.putAll(extraCatalogProperties);
    return properties;
  }

  /** The JDBC URL clients use to reach this Trino. */
  public String jdbcUrl() {
    return config.jdbcUrl().orElseGet(() -> embedded.map(EmbeddedTrino::jdbcUrl).orElseThrow(() -> new IllegalStateException("Trino is not started")));
  }

  /** The user the gateway's queries run as. */
  public String user() {
    return config.user();
  }

  /** Whether this is the gateway's own Trino. */
  public boolean isEmbedded() {
    return config.jdbcUrl().isEmpty();
  }

  /** The embedded Trino, when there is one and it runs. */
  public Optional<EmbeddedTrino> embedded() {
    return embedded;
  }

  @Override
  public void stop() {
    embedded.ifPresent(EmbeddedTrino::close);
  }
}
