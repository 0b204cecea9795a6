package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backfills outlive the gateway that started them: a gateway process starts two newest-first
 * backfills through the REST API and is killed, one of them still under way; the restarted gateway
 * answers {@code GET /backfills/{id}} for both with the same request and start, and the progress
 * counted from the partition states, up to completion. The partitions the killed gateway had not
 * started run after the restart still newest first, and those it had computed are not run again.
 * Both gateways run one Trino statement at a time and one partition per task, so that the order of
 * the runs' start times is the order the planner chose.
 */
class BackfillRestartIT {

  private static final String DAILY = "analytics.daily_customer_totals";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ONE_PARTITION_AT_A_TIME =
      List.of("-Ddw.trino.maxConcurrentQueries=1", "-Ddw.dataflow.maxBatchPartitions=1");

  private static SharedGateway shared;
  private static ChildGateway child;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    // the gateway under test uses the shared Trino, which reads its catalog as "second_gateway"
    child = ChildGateway.named("backfill_restart_it").servingCatalog().create();
  }

  @Test
  void aRestartedGatewayTakesUpBackfillsStartedBeforeInTheirOrderWithTheirProgress() throws Exception {
    Path snapshot = child.exportedAirflowSnapshot();
    JsonNode completedBefore;
    String completed;
    String underWay;
    try (GatewayProcess gateway = child.start("first.log", ONE_PARTITION_AT_A_TIME)) {
      child.createTransactions(10);
      HttpResponse<String> imported = shared.post(child.port, "/api/v1/imports", "{\"snapshot\": \"" + snapshot + "\"}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      HttpResponse<String> migrated = shared.post(child.port, "/api/v1/dags/ecommerce_daily/migrate", MIGRATE);
      assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
      awaitSettled(10);

      Instant beforeFirst = databaseNow();
      completed = started(shared.post(child.port, "/api/v1/backfills",
          "{\"dataset\": \"" + DAILY + "\", \"from\": \"2024-01-02\", \"to\": \"2024-01-05\", \"order\": \"newest_first\"}"));
      completedBefore = awaitComplete(completed, Duration.ofMinutes(4));
      assertThat(completedBefore.path("total").asInt()).isEqualTo(4);
      assertThat(completedBefore.path("done").asInt()).isEqualTo(4);
      assertThat(firstRunsSince(beforeFirst)).as("partitions in the order their runs started")
          .containsExactly("2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02");

      // another range, so that the first one's partitions stay fresh; the gateway is killed once the
      // first of its partitions is done, the others still stale, pending or running
      underWay = started(shared.post(child.port, "/api/v1/backfills",
          "{\"dataset\": \"" + DAILY + "\", \"from\": \"2024-01-06\", \"to\": \"2024-01-10\", \"order\": \"newest_first\"}"));
      awaitDone(underWay, 1);
      gateway.kill();
    }
    Instant killedAt = databaseNow();
    Map<String, String> atKill = states("2024-01-06", "2024-01-10");
    List<String> doneAtKill = atKill.entrySet().stream().filter(e -> e.getValue().equals("FRESH")).map(Map.Entry::getKey).toList();
    // a run the kill interrupted is settled from the table history first: retried after a backoff, or done
    List<String> notStartedAtKill = atKill.entrySet().stream()
        .filter(e -> !e.getValue().equals("FRESH") && !e.getValue().equals("RUNNING"))
        .map(Map.Entry::getKey)
        .sorted(Comparator.reverseOrder())
        .toList();
    assertThat(doneAtKill).as("states at the kill: " + atKill).isNotEmpty();
    assertThat(notStartedAtKill).as("states at the kill: " + atKill).hasSizeGreaterThanOrEqualTo(2);

    try (GatewayProcess gateway = child.start("restart.log", ONE_PARTITION_AT_A_TIME)) {
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
      assertThat(progress.path("order").asText()).isEqualTo("newest_first");
      assertThat(progress.path("total").asInt()).isEqualTo(5);
      assertThat(progress.path("done").asInt()).as("progress continues from the kill").isGreaterThanOrEqualTo(doneAtKill.size());
      JsonNode finished = awaitComplete(underWay, Duration.ofMinutes(4));
      assertThat(finished.path("done").asInt()).isEqualTo(5);
      assertThat(finished.path("failed").asInt()).isZero();
      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE dataset = '" + DAILY + "' AND state = 'FRESH'"))
          .isEqualTo(10);

      List<String> runAfterRestart = firstRunsSince(killedAt);
      assertThat(runAfterRestart).as("partitions done before the kill are not computed again").doesNotContainAnyElementsOf(doneAtKill);
      assertThat(runAfterRestart.stream().filter(notStartedAtKill::contains).toList())
          .as("the partitions not started before the kill, in the order their runs started after the restart")
          .containsExactlyElementsOf(notStartedAtKill);

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

  /** PostgreSQL's clock, which stamps the runs' start times. */
  private static Instant databaseNow() throws SQLException {
    try (Connection db = child.database(); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery("SELECT now()")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** The daily partitions of runs started after {@code since}, each at its first run, in the order the runs started. */
  private static List<String> firstRunsSince(Instant since) throws SQLException {
    Set<String> partitions = new LinkedHashSet<>();
    try (Connection db = child.database();
        PreparedStatement sql = db.prepareStatement(
            "SELECT partitions FROM dataflow_runs WHERE dataset = ? AND started_at > ? ORDER BY started_at, run_id")) {
      sql.setString(1, DAILY);
      sql.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = sql.executeQuery()) {
        while (rs.next()) {
          partitions.addAll(List.of((String[]) rs.getArray(1).getArray()));
        }
      }
    }
    return List.copyOf(partitions);
  }

  /** The state of each daily partition from {@code from} to {@code to}, by day. */
  private static Map<String, String> states(String from, String to) throws SQLException {
    Map<String, String> states = new TreeMap<>();
    try (Connection db = child.database();
        PreparedStatement sql = db.prepareStatement(
            "SELECT substring(partition_key from 5 for 10), state FROM partition_states WHERE dataset = ?"
                + " AND substring(partition_key from 5 for 10) BETWEEN ? AND ?")) {
      sql.setString(1, DAILY);
      sql.setString(2, from);
      sql.setString(3, to);
      try (ResultSet rs = sql.executeQuery()) {
        while (rs.next()) {
          states.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return states;
  }

  private static void awaitDone(String id, int done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (true) {
      HttpResponse<String> response = shared.get(child.port, "/api/v1/backfills/" + id);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      if (JSON.readTree(response.body()).path("done").asInt() >= done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Backfill " + id + " did not reach " + done + " done partition(s): " + response.body());
      }
      Thread.sleep(100);
    }
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
