package io.dataflow.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.catalog.CatalogConfig;
import io.dataflow.gateway.server.dataflow.DataflowConfig;
import io.dataflow.gateway.server.db.DatabaseConfig;
import io.dataflow.gateway.server.fallback.FallbackSettings;
import io.dataflow.gateway.trino.TrinoConfig;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigurationTest {

  private final YamlConfigurationFactory<GatewayConfiguration> factory =
      new YamlConfigurationFactory<>(GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

  @TempDir Path dir;

  @Test
  void anEmptyConfigurationMeansTheEmbeddedDefaults() throws Exception {
    GatewayConfiguration config = read("{}");

    assertThat(config.getDataDirectory()).isEqualTo(Path.of("data"));
    assertThat(config.getDatabase()).isEqualTo(DatabaseConfig.defaults());
    assertThat(config.getDatabase().url()).isEmpty();
    assertThat(config.getDatabase().user()).isEqualTo("postgres");
    assertThat(config.getCatalog()).isEqualTo(CatalogConfig.defaults());
    assertThat(config.getCatalog().warehouse()).isEmpty();
    assertThat(config.getTrino()).isEqualTo(TrinoConfig.defaults());
    assertThat(config.getTrino().jdbcUrl()).isEmpty();
    assertThat(config.getEmbeddedTrinoCatalog()).isEmpty();
    assertThat(config.getDataflow()).isEqualTo(DataflowConfig.defaults());
    assertThat(config.getDataflow().retryPolicy().maxAttempts()).isEqualTo(5);
    assertThat(config.getFallback()).isEqualTo(FallbackSettings.defaults());
    assertThat(GatewayApplication.applicationPort(config.getServerFactory())).isEqualTo(8080);
  }

  @Test
  void theShippedConfigYmlStatesTheDefaults() throws Exception {
    GatewayConfiguration shipped = factory.build(new FileConfigurationSourceProvider(), Path.of("..", "config.yml").toString());
    GatewayConfiguration empty = read("{}");

    assertThat(shipped.getDataDirectory()).isEqualTo(empty.getDataDirectory());
    assertThat(shipped.getDatabase()).isEqualTo(empty.getDatabase());
    assertThat(shipped.getCatalog()).isEqualTo(empty.getCatalog());
    assertThat(shipped.getTrino()).isEqualTo(empty.getTrino());
    assertThat(shipped.getEmbeddedTrinoCatalog()).isEqualTo(empty.getEmbeddedTrinoCatalog());
    assertThat(shipped.getEmbeddedTrinoCatalogs()).isEqualTo(empty.getEmbeddedTrinoCatalogs());
    assertThat(shipped.getDataflow()).isEqualTo(empty.getDataflow());
    assertThat(shipped.getFallback()).isEqualTo(empty.getFallback());
  }

  @Test
  void productionSettingsMapToEveryField() throws Exception {
    GatewayConfiguration config = read("""
        dataDirectory: /var/lib/gateway
        database:
          url: jdbc:postgresql://db:5432/gateway
          user: gateway
          password: secret
          maxConnections: 32
        catalog:
          name: prod
          warehouse: s3://bucket/warehouse
          fileIoProperties:
            io-impl: org.apache.iceberg.aws.s3.S3FileIO
        trino:
          jdbcUrl: jdbc:trino://trino:8080
          user: etl
          queryTimeout: PT2H
          maxConcurrentQueries: 8
        embeddedTrinoCatalog:
          fs.native-s3.enabled: "true"
        """);

    assertThat(config.getDataDirectory()).isEqualTo(Path.of("/var/lib/gateway"));
    assertThat(config.getDatabase()).isEqualTo(new DatabaseConfig(Optional.of("jdbc:postgresql://db:5432/gateway"), "gateway", "secret", 0, 32));
    assertThat(config.getDatabase().toString()).doesNotContain("secret");
    assertThat(config.getCatalog().name()).isEqualTo("prod");
    assertThat(config.getCatalog().warehouse()).contains("s3://bucket/warehouse");
    assertThat(config.getCatalog().fileIoProperties()).containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    assertThat(config.getTrino().jdbcUrl()).contains("jdbc:trino://trino:8080");
    assertThat(config.getTrino().queryTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(config.getEmbeddedTrinoCatalog()).containsEntry("fs.native-s3.enabled", "true");
  }

  @Test
  void anExternalDatabaseNeedsAUserAndAPostgresUrl() {
    assertThatThrownBy(() -> read("database: {url: 'jdbc:postgresql://db/g'}"))
        .hasStackTraceContaining("database.user is required with database.url");
    assertThatThrownBy(() -> read("database: {url: 'jdbc:mysql://db/g', user: u}"))
        .hasStackTraceContaining("expected jdbc:postgresql://host:port/database");
  }

  private GatewayConfiguration read(String yaml) throws Exception {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, yaml);
    return factory.build(new FileConfigurationSourceProvider(), file.toString());
  }
}
