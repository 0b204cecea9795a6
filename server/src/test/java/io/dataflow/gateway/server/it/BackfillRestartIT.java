package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backfills outlive the gateway that started them: a gateway process starts two backfills through the
 * REST API and is stopped, one of them still under way; the restarted gateway answers
 * {@code GET /backfills/{id}} for both with the same request and start, and the progress counted from
 * the partition states, up to completion.
 */
class BackfillRestartIT {

  private static final String DAILY = "analytics.daily_customer_totals";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SharedGateway shared;
  private static ChildGateway child;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    // the gateway under test uses the shared Trino, which reads its catalog as "second_gateway"
    child = ChildGateway.named("backfill_restart_it").servingCatalog().create();
  }

  @Test
  void aRestartedGatewayAnswersForBackfillsStartedBeforeWithTheirProgress() throws Exception {
    Path snapshot = child.exportedAirflowSnapshot();
    JsonNode completedBefore;
    String completed;
    String underWay;
    try (GatewayProcess gateway = child.start("first.log")) {
      child.createTransactions(10);
      HttpResponse<String> imported = shared.post(child.port, "/api/v1/imports", "{\"snapshot\": \"" + snapshot + "\"}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      HttpResponse<String> migrated = shared.post(child.port, "/api/v1/dags/ecommerce_daily/migrate", MIGRATE);
      assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
      awaitSettled(10);

      completed = started(shared.post(child.port, "/api/v1/backfills",
          "{\"dataset\": \"" + DAILY + "\", \"from\": \"2024-01-02\", \"to\": \"2024-01-05\", \"order\": \"newest_first\"}"));
      completedBefore = awaitComplete(completed, Duration.ofMinutes(4));
      assertThat(completedBefore.path("total").asInt()).isEqualTo(4);
      assertThat(completedBefore.path("done").asInt()).isEqualTo(4);

      // another range, so that the first one's partitions stay fresh; the gateway is stopped at once,
      // its partitions may still be stale, pending or running then
      underWay = started(shared.post(child.port, "/api/v1/backfills",
          "{\"dataset\": \"" + DAILY + "\", \"from\": \"2024-01-06\", \"to\": \"2024-01-10\"}"));
    }

    try (GatewayProcess gateway = child.start("restart.log")) {
      HttpResponse<String> again = shared.get(child.port, "/api/v1/backfills/" + completed);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      JsonNode after = JSON.readTree(again.body());
      for (String field : List.of("id", "dataset", "from", "to", "order", "total", "done", "failed", "waiting", "complete", "startedAt")) {
        assertThat(after.path(field)).as(field + " after the restart").isEqualTo(completedBefore.path(field));
      }
      assertThat(after.path("order").asText()).isEqualTo("newest_first");
      assertThat(after.path("partitionsPerMinute").asDouble()).isPositive();

      HttpResponse<String> resumed = shared.get(child.port, "/api/v1/backfills/" + underWay);
      assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
      JsonNode progress = JSON.readTree(resumed.body());
      assertThat(progress.path("dataset").asText()).isEqualTo(DAILY);
      assertThat(progress.path("from").asText()).isEqualTo("2024-01-06");
      assertThat(progress.path("to").asText()).isEqualTo("2024-01-10");
      assertThat(progress.path("order").asText()).isEqualTo("oldest_first");
      assertThat(progress.path("total").asInt()).isEqualTo(5);
      JsonNode finished = awaitComplete(underWay, Duration.ofMinutes(4));
      assertThat(finished.path("done").asInt()).isEqualTo(5);
      assertThat(finished.path("failed").asInt()).isZero();
      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE dataset = '" + DAILY + "' AND state = 'FRESH'"))
          .isEqualTo(10);

      HttpResponse<String> unknown = shared.get(child.port, "/api/v1/backfills/bf_unknown");
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }

  private static final String MIGRATE = """
      {"tasks": ["daily_customer_totals"], "tables": [
        {"name": "analytics.daily_customer_totals", "partitionColumns": ["day"], "columns": [
          {"name": "customer_id", "type": "BIGINT"}, {"name": "day", "type": "DATE"},
          {"name": "total", "type": "DECIMAL(18,2)"}, {"name": "txn_count", "type": "BIGINT"}]}
      ]}""";

  private static String started(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = JSON.readTree(response.body()).path("id").asText();
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/backfills/" + id));
    return id;
  }

  private static JsonNode awaitComplete(String id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status;
    do {
      HttpResponse<String> response = shared.get(child.port, "/api/v1/backfills/" + id);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      status = JSON.readTree(response.body());
      if (status.path("complete").asBoolean()) {
        return status;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("Backfill " + id + " did not complete within " + timeout + ": " + status);
  }

  private static void awaitSettled(int fresh) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (child.scalar("SELECT count(*) FROM partition_states WHERE dataset = '" + DAILY + "' AND state = 'FRESH'") < fresh) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The daily totals were not computed within 4 minutes");
      }
      Thread.sleep(500);
    }
  }
}
