package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway reports itself healthy and says where its components are. */
class HealthAndRuntimeIT {

  private static SharedGateway gateway;

  @BeforeAll
  static void start() {
    gateway = SharedGateway.get();
  }

  @Test
  void healthChecksCoverPostgresTheCatalogAndTrino() {
    JsonNode health = gateway.getJson(gateway.adminPort(), "/healthcheck");

    assertThat(health.path("postgresql").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("postgresql").path("message").asText()).startsWith("PostgreSQL 17");
    assertThat(health.path("catalog").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("trino").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("trino").path("message").asText()).contains("(embedded)");
  }

  @Test
  void runtimeNamesTheTrinoAndCatalogInUse() {
    JsonNode runtime = gateway.runtime();

    assertThat(runtime.path("trinoJdbcUrl").asText()).startsWith("jdbc:trino://127.0.0.1:");
    assertThat(runtime.path("trinoEmbedded").asBoolean()).isTrue();
    assertThat(runtime.path("catalogUri").asText()).isEqualTo(gateway.catalogUri());
    assertThat(runtime.path("warehouse").asText()).startsWith("file:").endsWith("/warehouse");
    assertThat(runtime.path("databaseEmbedded").asBoolean()).isTrue();
    assertThat(runtime.path("databaseUrl").asText()).startsWith("jdbc:postgresql://").doesNotContain("?");
  }

  @Test
  void theCatalogAnswersInTheRestSpecsErrorModel() {
    HttpResponse<String> missing = gateway.get(gateway.port(), "/iceberg/v1/namespaces/no_such_namespace/tables/t");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("\"type\":\"NoSuchTableException\"").contains("\"code\":404");
  }

  @Test
  void theCatalogAdvertisesItsEndpoints() {
    JsonNode config = gateway.getJson("/iceberg/v1/config");

    assertThat(config.path("endpoints").toString()).contains("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}")
        .as("no metrics reporting offered: clients then send no report before each commit")
        .doesNotContain("/metrics");
  }

  @Test
  void aBadPageSizeIsAProblemNamingTheField() {
    HttpResponse<String> response = gateway.get(gateway.port(), "/api/v1/events?limit=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"field\":\"limit\"");
  }
}
