package io.dataflow.gateway.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataflow.gateway.catalog.CatalogConfig;
import io.dataflow.gateway.server.dataflow.DataflowConfig;
import io.dataflow.gateway.server.db.DatabaseConfig;
import io.dataflow.gateway.server.fallback.FallbackSettings;
import io.dataflow.gateway.trino.TrinoConfig;
import io.dropwizard.core.Configuration;
import java.nio.file.Path;
import java.util.Map;

/**
 * The gateway's configuration ({@code config.yml}). Every key has a default, so an empty file starts
 * the gateway with its embedded PostgreSQL, its own Iceberg catalog and an embedded Trino.
 */
public class GatewayConfiguration extends Configuration {

  private Path dataDirectory = Path.of("data");
  private DatabaseConfig database = DatabaseConfig.defaults();
  private CatalogConfig catalog = CatalogConfig.defaults();
  private TrinoConfig trino = TrinoConfig.defaults();
  private Map<String, String> embeddedTrinoCatalog = Map.of();
  private Map<String, Map<String, String>> embeddedTrinoCatalogs = Map.of();
  private DataflowConfig dataflow = DataflowConfig.defaults();
  private FallbackSettings fallback = FallbackSettings.defaults();
  private io.dataflow.gateway.server.auth.AuthConfig auth = io.dataflow.gateway.server.auth.AuthConfig.defaults();
  private io.dataflow.gateway.server.migration.AirflowReference airflow;
  private io.dataflow.gateway.server.bridge.BridgeConfig bridge = io.dataflow.gateway.server.bridge.BridgeConfig.defaults();
  private io.dataflow.gateway.server.migration.MigrationConfig migration = io.dataflow.gateway.server.migration.MigrationConfig.defaults();

  /** Where the gateway keeps its state: {@code postgres/}, {@code warehouse/}, {@code trino/}, logs. */
  @JsonProperty
  public Path getDataDirectory() {
    return dataDirectory;
  }

  @JsonProperty
  public void setDataDirectory(Path dataDirectory) {
    this.dataDirectory = dataDirectory == null ? Path.of("data") : dataDirectory;
  }

  @JsonProperty
  public DatabaseConfig getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(DatabaseConfig database) {
    this.database = database == null ? DatabaseConfig.defaults() : database;
  }

  @JsonProperty
  public CatalogConfig getCatalog() {
    return catalog;
  }

  @JsonProperty
  public void setCatalog(CatalogConfig catalog) {
    this.catalog = catalog == null ? CatalogConfig.defaults() : catalog;
  }

  @JsonProperty
  public TrinoConfig getTrino() {
    return trino;
  }

  @JsonProperty
  public void setTrino(TrinoConfig trino) {
    this.trino = trino == null ? TrinoConfig.defaults() : trino;
  }

  /**
   * Extra connector properties of the embedded Trino's {@code iceberg} catalog, for example the
   * file system of a warehouse on object storage ({@code fs.native-s3.enabled}, {@code s3.region}).
   */
  @JsonProperty
  public Map<String, String> getEmbeddedTrinoCatalog() {
    return embeddedTrinoCatalog;
  }

  /** Further catalogs of the embedded Trino, by name, each with its connector properties. */
  @JsonProperty
  public Map<String, Map<String, String>> getEmbeddedTrinoCatalogs() {
    return embeddedTrinoCatalogs;
  }

  @JsonProperty
  public void setEmbeddedTrinoCatalogs(Map<String, Map<String, String>> embeddedTrinoCatalogs) {
    this.embeddedTrinoCatalogs = embeddedTrinoCatalogs == null ? Map.of() : Map.copyOf(embeddedTrinoCatalogs);
  }

  @JsonProperty
  public void setEmbeddedTrinoCatalog(Map<String, String> embeddedTrinoCatalog) {
    this.embeddedTrinoCatalog = embeddedTrinoCatalog == null ? Map.of() : Map.copyOf(embeddedTrinoCatalog);
  }

  /** How the dataflow runs its tasks: the Trino catalog name of the gateway's tables, retries, batches. */
  @JsonProperty
  public DataflowConfig getDataflow() {
    return dataflow;
  }

  @JsonProperty
  public void setDataflow(DataflowConfig dataflow) {
    this.dataflow = dataflow == null ? DataflowConfig.defaults() : dataflow;
  }

  /** The Quartz fallback of tasks that are not translated into the dataflow. */
  @JsonProperty
  public FallbackSettings getFallback() {
    return fallback;
  }

  @JsonProperty
  public void setFallback(FallbackSettings fallback) {
    this.fallback = fallback == null ? FallbackSettings.defaults() : fallback;
  }

  /** Who may call the REST API and the Iceberg catalog: tokens with roles, on by default. */
  @JsonProperty
  public io.dataflow.gateway.server.auth.AuthConfig getAuth() {
    return auth;
  }

  @JsonProperty
  public void setAuth(io.dataflow.gateway.server.auth.AuthConfig auth) {
    this.auth = auth == null ? io.dataflow.gateway.server.auth.AuthConfig.defaults() : auth;
  }

  /**
   * The Airflow the gateway works with when a request does not name one: where DAGs imported from a
   * snapshot are paused at cut-over and resumed at rollback, and whose dataset/asset events the bridge
   * exchanges. Absent when the gateway has no live Airflow.
   */
  @JsonProperty
  public java.util.Optional<io.dataflow.gateway.server.migration.AirflowReference> getAirflow() {
    return java.util.Optional.ofNullable(airflow);
  }

  @JsonProperty
  public void setAirflow(io.dataflow.gateway.server.migration.AirflowReference airflow) {
    this.airflow = airflow;
  }

  /** How DAGs are shadowed, cut over and rolled back. */
  @JsonProperty
  public io.dataflow.gateway.server.migration.MigrationConfig getMigration() {
    return migration;
  }

  @JsonProperty
  public void setMigration(io.dataflow.gateway.server.migration.MigrationConfig migration) {
    this.migration = migration == null ? io.dataflow.gateway.server.migration.MigrationConfig.defaults() : migration;
  }

  /** The two-way bridge with the dataset/asset events of {@link #getAirflow()}; off unless enabled. */
  @JsonProperty
  public io.dataflow.gateway.server.bridge.BridgeConfig getBridge() {
    return bridge;
  }

  @JsonProperty
  public void setBridge(io.dataflow.gateway.server.bridge.BridgeConfig bridge) {
    this.bridge = bridge == null ? io.dataflow.gateway.server.bridge.BridgeConfig.defaults() : bridge;
  }
}
