package io.dataflow.gateway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApiBackfillsTest {

  static final FakeDataflow DATAFLOW = new FakeDataflow();
  static final ResourceExtension API = ApiFixture.resources(DATAFLOW, false);

  private static Response post(String path, String json) {
    return API.target(path).request().post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  private static JsonNode problem(String path, String json, int status) {
    try (Response response = post(path, json)) {
      assertThat(response.getStatus()).isEqualTo(status);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      return response.readEntity(JsonNode.class);
    }
  }

  @Test
  void aBackfillStartsNewestFirstAndItsStatusIsAtItsLocation() {
    JsonNode started;
    String location;
    try (Response response = post("/api/v1/backfills",
        "{\"dataset\": \"analytics.weekly_customer_totals\", \"from\": \"2024-01-01\", \"to\": \"2024-01-05\", \"order\": \"newest_first\"}")) {
      assertThat(response.getStatus()).isEqualTo(202);
      started = response.readEntity(JsonNode.class);
      location = response.getLocation().getPath();
    }
    assertThat(started.path("total").asInt()).isEqualTo(5);
    assertThat(started.path("order").asText()).isEqualTo("newest_first");
    assertThat(location).isEqualTo("/api/v1/backfills/" + started.path("id").asText());
    assertThat(DATAFLOW.backfills.get(started.path("id").asText()).backfill().partitions().getFirst().value()).isEqualTo("2024-01-05");

    JsonNode status = ApiFixture.get(API, location, 200);
    assertThat(status.path("dataset").asText()).isEqualTo("analytics.weekly_customer_totals");
    assertThat(status.path("complete").asBoolean()).isFalse();
    assertThat(status.has("estimatedTimeLeft")).isTrue();
  }

  @Test
  void anUnknownBackfillIs404() {
    assertThat(ApiFixture.get(API, "/api/v1/backfills/bf_nothing", 404).path("detail").asText()).isEqualTo("There is no backfill 'bf_nothing'");
  }

  @Test
  void invalidBackfillBodiesAre400NamingTheField() {
    assertThat(problem("/api/v1/backfills", "{\"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}", 400).path("field").asText())
        .isEqualTo("dataset");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"analytics.weekly_customer_totals\", \"from\": \"2024-01-05\", \"to\": \"2024-01-01\"}", 400)
        .path("field").asText()).isEqualTo("to");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"analytics.weekly_customer_totals\", \"from\": \"Jan 1\", \"to\": \"2024-01-01\"}", 400)
        .path("field").asText()).isEqualTo("from");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"analytics.weekly_customer_totals\", \"to\": \"2024-01-01\"}", 400)
        .path("field").asText()).isEqualTo("from");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"analytics.weekly_customer_totals\", \"from\": \"2024-01-01\", \"to\": \"2024-01-01\", \"order\": \"random\"}", 400)
        .path("field").asText()).isEqualTo("order");
    JsonNode unknown = problem("/api/v1/backfills", "{\"dataset\": \"analytics.weekly_customer_totals\", \"form\": \"2024-01-01\"}", 400);
    assertThat(unknown.path("field").asText()).isEqualTo("form");
    assertThat(unknown.path("detail").asText()).contains("Unknown field 'form'");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": [1]}", 400).path("field").asText()).isEqualTo("dataset");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": ", 400).path("field").asText()).isEqualTo("body");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"raw.transactions\", \"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}", 400)
        .path("detail").asText()).contains("external dataset");
    assertThat(problem("/api/v1/backfills", "{\"dataset\": \"analytics.gone\", \"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}", 404)
        .path("detail").asText()).contains("analytics.gone");
  }

  @Test
  void anOversizedBodyIs413() {
    String padding = "x".repeat(BodyLimitFilter.MAX_BODY_BYTES);
    JsonNode problem = problem("/api/v1/backfills", "{\"dataset\": \"" + padding + "\"}", 413);
    assertThat(problem.path("detail").asText()).contains(String.valueOf(BodyLimitFilter.MAX_BODY_BYTES));
  }

  @Test
  void aRefreshOfListedPartitionsStartsOneBackfillPerContiguousRun() {
    JsonNode refreshed;
    try (Response response = post("/api/v1/datasets/analytics.daily_customer_totals/refresh",
        "{\"partitions\": [\"2024-01-14\", \"2024-01-10\", \"2024-01-11\"]}")) {
      assertThat(response.getStatus()).isEqualTo(202);
      refreshed = response.readEntity(JsonNode.class);
    }
    assertThat(refreshed.path("backfills")).extracting(b -> b.path("from").asText() + ".." + b.path("to").asText())
        .containsExactly("2024-01-10..2024-01-11", "2024-01-14..2024-01-14");
    assertThat(refreshed.path("backfills").get(0).path("id").asText()).startsWith("refresh_");
  }

  @Test
  void anUnpartitionedDatasetIsRefreshedWithoutABody() {
    try (Response response = API.target("/api/v1/datasets/analytics.customer_lifetime_value/refresh").request().post(null)) {
      assertThat(response.getStatus()).isEqualTo(202);
      assertThat(response.readEntity(JsonNode.class).path("backfills").get(0).path("from").asText()).isEqualTo("(unpartitioned)");
    }
  }

  @Test
  void aRefreshNeedsPartitionsOrARangeOfAPartitionedDataset() {
    assertThat(problem("/api/v1/datasets/analytics.daily_customer_totals/refresh", "{}", 400).path("field").asText()).isEqualTo("partitions");
    assertThat(problem("/api/v1/datasets/analytics.daily_customer_totals/refresh", "{\"partitions\": []}", 400).path("field").asText())
        .isEqualTo("partitions");
    assertThat(problem("/api/v1/datasets/analytics.daily_customer_totals/refresh", "{\"from\": \"2024-01-01\"}", 400).path("field").asText())
        .isEqualTo("to");
    assertThat(problem("/api/v1/datasets/analytics.daily_customer_totals/refresh", "{\"partitions\": [\"2024-01-01\", \"tomorrow\"]}", 400)
        .path("field").asText()).isEqualTo("partitions[1]");
  }
}
