package io.dataflow.gateway.server.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.server.GatewayConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

  private final YamlConfigurationFactory<GatewayConfiguration> factory =
      new YamlConfigurationFactory<>(GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

  @TempDir Path dir;

  @Test
  void theBridgeIsOffByDefaultAndTheShippedConfigYmlStatesItsDefaults() throws Exception {
    BridgeConfig defaults = read("{}").getBridge();
    assertThat(defaults.enabled()).isFalse();
    assertThat(defaults.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.datasets()).isEmpty();
    assertThat(defaults.trinoCatalogs()).containsExactly("iceberg");
    assertThat(defaults.commitLookback()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.retryInitialDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.retryMaxDelay()).isEqualTo(Duration.ofMinutes(10));
    GatewayConfiguration shipped = factory.build(new FileConfigurationSourceProvider(), Path.of("..", "config.yml").toString());
    assertThat(shipped.getBridge()).isEqualTo(defaults);
  }

  @Test
  void everyKeyMapsToItsField() throws Exception {
    BridgeConfig bridge = read("""
        bridge:
          enabled: true
          pollInterval: PT5S
          datasets: {"s3://lake/orders": raw.orders}
          trinoCatalogs: [lake, iceberg]
          commitLookback: PT10M
          retryInitialDelay: PT1S
          retryMaxDelay: PT1M
        """).getBridge();
    assertThat(bridge).isEqualTo(new BridgeConfig(true, Duration.ofSeconds(5), Map.of("s3://lake/orders", "raw.orders"),
        List.of("lake", "iceberg"), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMinutes(1)));
  }

  @Test
  void aRetryMaximumBelowTheInitialDelayIsRejectedNamingBothKeys() {
    assertThatThrownBy(() -> read("bridge: {retryInitialDelay: PT1M, retryMaxDelay: PT10S}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bridge.retryInitialDelay").hasMessageContaining("retryMaxDelay");
  }

  private GatewayConfiguration read(String yaml) throws Exception {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, yaml);
    return factory.build(new FileConfigurationSourceProvider(), file.toString());
  }
}
