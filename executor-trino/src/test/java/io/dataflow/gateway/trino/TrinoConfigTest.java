package io.dataflow.gateway.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dataflow.gateway.trino.embedded.EmbeddedTrinoConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrinoConfigTest {
  // Configured like Dropwizard's own mapper, as far as these records are concerned.
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void anEmptySectionMeansTheEmbeddedTrinoWithDefaults() throws Exception {
    TrinoConfig config = yaml.readValue("{}", TrinoConfig.class);

    assertThat(config).isEqualTo(TrinoConfig.defaults());
    assertThat(config.jdbcUrl()).isEmpty();
    assertThat(config.user()).isEqualTo("gateway");
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.maxConcurrentQueries()).isEqualTo(4);
    assertThat(config.embedded()).isEqualTo(EmbeddedTrinoConfig.defaults());
  }

  @Test
  void embeddedDefaultsMatchTheDocumentation() throws Exception {
    EmbeddedTrinoConfig embedded = yaml.readValue("embedded: {}", TrinoConfig.class).embedded();

    assertThat(embedded.version()).isEqualTo("476");
    assertThat(embedded.port()).isEqualTo(8090);
    assertThat(embedded.maxHeap()).isEqualTo("4G");
    assertThat(embedded.queryMaxMemory()).isEqualTo("2GB");
    assertThat(embedded.queryMaxMemoryPerNode()).isEqualTo("1GB");
    assertThat(embedded.repositoryUrl()).isEqualTo(URI.create("https://repo.maven.apache.org/maven2/"));
    assertThat(embedded.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(embedded.tpch()).isTrue();
    assertThat(embedded.cacheDirectory()).endsWith(Path.of("dataflow-gateway"));
  }

  @Test
  void everyKeyIsMapped() throws Exception {
    TrinoConfig config = yaml.readValue("""
        jdbcUrl: jdbc:trino://trino.example:8443
        user: etl
        queryTimeout: PT10M
        maxConcurrentQueries: 8
        embedded:
          version: "477"
          cacheDirectory: /var/cache/gateway
          port: 0
          maxHeap: 8G
          queryMaxMemory: 5GB
          queryMaxMemoryPerNode: 3GB
          repositoryUrl: https://mirror.example/maven2
          startupTimeout: PT5M
          tpch: false
        """, TrinoConfig.class);

    assertThat(config).isEqualTo(new TrinoConfig(
        Optional.of("jdbc:trino://trino.example:8443"), "etl", Duration.ofMinutes(10), 8,
        new EmbeddedTrinoConfig("477", Path.of("/var/cache/gateway"), 0, "8G", "5GB", "3GB",
            URI.create("https://mirror.example/maven2/"), Duration.ofMinutes(5), false)));
  }

  @Test
  void explicitZeroPortIsKeptAndMeansAFreePort() throws Exception {
    assertThat(yaml.readValue("embedded: {port: 0}", TrinoConfig.class).embedded().port()).isZero();
  }

  @Test
  void refusesAJdbcUrlThatIsNotTrinos() {
    assertThatThrownBy(() -> TrinoConfig.cluster("jdbc:postgresql://db/x", "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trino.jdbcUrl")
        .hasMessageContaining("jdbc:trino://host:port");
  }

  @Test
  void refusesNonsensicalLimits() {
    assertThatThrownBy(() -> TrinoConfig.fromYaml(null, null, null, 0, null))
        .hasMessageContaining("maxConcurrentQueries 0");
    assertThatThrownBy(() -> TrinoConfig.fromYaml(null, null, Duration.ZERO, null, null))
        .hasMessageContaining("queryTimeout");
    assertThatThrownBy(() -> EmbeddedTrinoConfig.defaults().withPort(70_000))
        .hasMessageContaining("port 70000");
    assertThatThrownBy(() -> EmbeddedTrinoConfig.defaults().withMaxHeap("lots"))
        .hasMessageContaining("maxHeap 'lots'");
  }
}
