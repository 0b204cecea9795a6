package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackSettingsTest {

  private final ObjectMapper yaml = Jackson.newObjectMapper(new YAMLFactory());

  @Test
  void anEmptySectionMeansTheDefaults() throws Exception {
    FallbackSettings settings = yaml.readValue("{}", FallbackSettings.class);

    assertThat(settings).isEqualTo(FallbackSettings.defaults());
    assertThat(settings.threadCount()).isEqualTo(4);
    assertThat(settings.clusterCheckinInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.misfireThreshold()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.outputCaptureLimit()).isEqualTo(65_536);
  }

  @Test
  void everyKeyMapsToItsField() throws Exception {
    FallbackSettings settings = yaml.readValue("""
        threadCount: 8
        clusterCheckinInterval: PT20S
        misfireThreshold: PT5M
        outputCaptureLimit: 1048576
        """, FallbackSettings.class);

    assertThat(settings).isEqualTo(new FallbackSettings(8, Duration.ofSeconds(20), Duration.ofMinutes(5), 1_048_576));
  }

  @Test
  void httpConnectionsMapByTheirAirflowConnectionId() throws Exception {
    FallbackSettings settings = yaml.readValue("""
        httpConnections:
          finance_api:
            url: https://finance.internal/api
            headers: {Accept: application/json}
            secretHeaders: {Authorization: FINANCE_API_AUTH}
          http_default:
            url: http://127.0.0.1:9000
        """, FallbackSettings.class);

    assertThat(FallbackSettings.defaults().httpConnections()).isEmpty();
    assertThat(settings.httpConnections()).isEqualTo(Map.of(
        "finance_api", new HttpConnection(URI.create("https://finance.internal/api"), Map.of("Accept", "application/json"),
            Map.of("Authorization", "FINANCE_API_AUTH")),
        "http_default", new HttpConnection(URI.create("http://127.0.0.1:9000"), Map.of(), Map.of())));
    assertThatThrownBy(() -> yaml.readValue("httpConnections: {api: {headers: {A: b}}}", FallbackSettings.class))
        .hasMessageContaining("Invalid HTTP connection: url is required");
  }

  @Test
  void invalidValuesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> FallbackSettings.fromYaml(0, null, null, null))
        .hasMessage("Invalid fallback.threadCount 0: expected 1..100");
    assertThatThrownBy(() -> FallbackSettings.fromYaml(null, Duration.ofMillis(10), null, null))
        .hasMessage("Invalid fallback.clusterCheckinInterval PT0.01S: expected at least PT1S");
    assertThatThrownBy(() -> FallbackSettings.fromYaml(null, null, Duration.ZERO, null))
        .hasMessage("Invalid fallback.misfireThreshold PT0S: expected at least PT1S");
    assertThatThrownBy(() -> FallbackSettings.fromYaml(null, null, null, 10))
        .hasMessage("Invalid fallback.outputCaptureLimit 10: expected at least 1024 bytes");
  }
}
