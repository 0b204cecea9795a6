package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The e-commerce pipeline asked about through the API on the real Trino, catalog and PostgreSQL,
 * in its own schemas ({@code api_raw}, {@code api_analytics}): what the datasets are, what a
 * restated day affects, which runs ran and why, where the weekly totals' columns come from,
 * refreshes and backfills, and what a failing task blocks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiEcommerceIT {

  private static final String RAW = "api_raw.transactions";
  private static final String DAILY = "api_analytics.daily_customer_totals";
  private static final String WEEKLY = "api_analytics.weekly_customer_totals";
  private static final String WOW = "api_analytics.week_over_week";
  private static final String LIFETIME = "api_analytics.customer_lifetime_value";
  private static final Duration SETTLE = Duration.ofMinutes(5);

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;
  private static ApiHttp api;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    dataflow = gateway.dataflow();
    api = new ApiHttp(gateway.port());
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.api_raw",
        "CREATE TABLE iceberg.api_raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
            + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO iceberg.api_raw.transactions SELECT orderkey, custkey % 40, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % 30) * INTERVAL '1' DAY FROM tpch.tiny.orders");
    DataflowDefinition.Result result = dataflow.define(new DataflowDefinition(
        List.of(task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS),
            task("weekly_customer_totals", EcommerceExample.WEEKLY_CUSTOMER_TOTALS),
            task("week_over_week", EcommerceExample.WEEK_OVER_WEEK),
            task("customer_lifetime_value", EcommerceExample.CUSTOMER_LIFETIME_VALUE)),
        List.of(schema("daily_customer_totals"), schema("weekly_customer_totals"), schema("week_over_week"), schema("customer_lifetime_value"))));
    assertThat(result.rejected()).isEmpty();
    awaitSettled();
  }

  @Test
  @Order(1)
  void theDatasetsAreListedWithTheirSchemaProducerAndConsumers() {
    JsonNode external = api.json("/api/v1/datasets?origin=external&limit=500");
    assertThat(external.findValuesAsText("id")).contains(RAW).doesNotContain(DAILY);

    JsonNode daily = api.json("/api/v1/datasets/" + DAILY);
    assertThat(daily.path("origin").asText()).isEqualTo("produced");
    assertThat(daily.path("schema").path("columns").findValuesAsText("name")).containsExactly("customer_id", "day", "total", "txn_count");
    assertThat(daily.path("schema").path("partitionFields").get(0).path("sourceColumn").asText()).isEqualTo("day");
    assertThat(daily.path("producer").path("semanticsClass").asText()).isEqualTo("MAP");
    assertThat(daily.path("producer").path("writeMode").asText()).isEqualTo("REPLACE_PARTITIONS");
    assertThat(daily.path("consumers").findValuesAsText("output")).containsExactlyInAnyOrder(WEEKLY, LIFETIME);

    JsonNode weekly = api.json("/api/v1/datasets/" + WEEKLY);
    assertThat(weekly.path("producer").path("semanticsClass").asText()).isEqualTo("PARTIAL");
    assertThat(weekly.path("producer").path("inputs").get(0).path("dependency").asText()).isEqualTo("window -6..0");

    JsonNode partitions = api.json("/api/v1/datasets/" + WEEKLY + "/partitions?limit=10");
    assertThat(partitions.path("items")).hasSize(10);
    assertThat(partitions.path("next").asText()).contains("cursor=");
    JsonNode first = partitions.path("items").get(0);
    assertThat(first.path("partition").asText()).isEqualTo("2024-01-01");
    assertThat(first.path("state").asText()).isEqualTo("FRESH");
    assertThat(first.path("snapshotId").isIntegralNumber()).isTrue();
    assertThat(first.path("provenance").path("inputs").findValuesAsText("dataset")).containsOnly(DAILY);
    assertThat(first.path("lastRun").path("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(2)
  void aRestatedDayAffectsExactlyTheDownstreamPartitionsThatReadItAndTheirRunsSayWhy() throws Exception {
    Set<String> before = runIds();
    gateway.trinoExecute("UPDATE iceberg.api_raw.transactions SET amount = amount + 1 WHERE day = DATE '2024-01-10'");
    Map<String, Set<String>> expected = new TreeMap<>(Map.of(
        DAILY, days("2024-01-10", "2024-01-10"),
        WEEKLY, days("2024-01-10", "2024-01-16"),
        WOW, days("2024-01-10", "2024-01-23"),
        LIFETIME, Set.of("(unpartitioned)")));

    // right after the commit, whatever is not fresh downstream is among what the restatement affects
    JsonNode early = api.json("/api/v1/datasets/" + RAW + "/impact?partition=2024-01-10");
    assertThat(early.path("downstream").asInt()).as("1 daily + 7 weekly + 14 week-over-week + lifetime").isEqualTo(23);
    for (JsonNode affected : early.path("affected")) {
      assertThat(expected.get(affected.path("dataset").asText())).as(affected.toString()).contains(affected.path("partition").asText());
      assertThat(affected.path("state").asText()).isIn("STALE", "PENDING", "RUNNING");
    }

    awaitSettled();
    assertThat(api.json("/api/v1/datasets/" + RAW + "/impact?partition=2024-01-10").path("affected")).as("all fresh again").isEmpty();

    String event = "event-" + api.json("/api/v1/events?table=" + RAW + "&limit=1").path("events").get(0).path("eventId").asText();
    Map<String, Set<String>> ran = new TreeMap<>();
    for (String dataset : expected.keySet()) {
      for (JsonNode run : api.json("/api/v1/runs?dataset=" + dataset + "&state=succeeded&limit=500").path("items")) {
        if (before.contains(run.path("runId").asText())) {
          continue;
        }
        run.path("partitions").forEach(p -> ran.computeIfAbsent(dataset, d -> new TreeSet<>()).add(p.asText()));
        JsonNode detail = api.json("/api/v1/runs/" + run.path("runId").asText());
        assertThat(detail.path("trinoQueryId").asText()).isNotBlank();
        assertThat(detail.path("strategy").asText()).isIn("PER_PARTITION", "BATCHED_RANGE", "FULL_RECOMPUTE");
        assertThat(detail.path("reason").asText()).isNotBlank();
        assertThat(detail.path("statistics").isObject()).as("Trino's statistics of %s", detail.path("runId")).isTrue();
        assertThat(detail.path("causes")).as("why %s ran", detail.path("runId")).hasSize(1);
        assertThat(detail.path("causes").get(0).path("kind").asText()).isEqualTo("snapshot");
        assertThat(detail.path("causes").get(0).path("id").asText()).isEqualTo(event);
        assertThat(detail.path("attempts").findValuesAsText("runId")).contains(run.path("runId").asText());
      }
    }
    assertThat(ran).isEqualTo(expected);
  }

  @Test
  @Order(3)
  void theWeeklyTotalsColumnsComeFromTheTransactionColumns() {
    JsonNode lineage = api.json("/api/v1/lineage/" + WEEKLY + "?direction=upstream&columns=true");
    assertThat(lineage.path("datasets").findValuesAsText("dataset")).containsExactly(WEEKLY, DAILY, RAW);
    assertThat(reach(lineage, "total_7d")).containsExactly(RAW + ".amount");
    assertThat(reach(lineage, "customer_id")).containsExactly(RAW + ".customer_id");
    List<String> derivations = new ArrayList<>();
    lineage.path("columns").path("derivations").forEach(d -> derivations.add(d.path("dataset").asText() + "." + d.path("column").asText()
        + " " + d.path("kind").asText() + " " + d.path("sources").findValuesAsText("dataset") + d.path("sources").findValuesAsText("column")));
    assertThat(derivations).contains(WEEKLY + ".total_7d AGGREGATED [" + DAILY + "][total]", DAILY + ".total AGGREGATED [" + RAW + "][amount]");

    JsonNode downstream = api.json("/api/v1/lineage/" + RAW + "?direction=downstream&depth=1");
    assertThat(downstream.path("datasets").findValuesAsText("dataset")).containsExactly(RAW, DAILY);
  }

  @Test
  @Order(4)
  void aRefreshAndABackfillRecomputeTheirPartitionsAndSayHowFarTheyAre() throws Exception {
    ApiHttp.Answer refresh = api.post("/api/v1/datasets/" + DAILY + "/refresh", SharedGateway.ADMIN_TOKEN, "{\"partitions\": [\"2024-01-05\"]}");
    assertThat(refresh.status()).as(refresh.response().body()).isEqualTo(202);
    String refreshId = refresh.json().path("backfills").get(0).path("id").asText();

    ApiHttp.Answer backfill = api.post("/api/v1/backfills", SharedGateway.ADMIN_TOKEN,
        "{\"dataset\": \"" + WOW + "\", \"from\": \"2024-01-28\", \"to\": \"2024-01-30\", \"order\": \"newest_first\"}");
    assertThat(backfill.status()).as(backfill.response().body()).isEqualTo(202);
    String backfillId = backfill.json().path("id").asText();
    assertThat(backfill.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/backfills/" + backfillId));

    JsonNode refreshed = awaitComplete(refreshId);
    assertThat(refreshed.path("total").asInt()).isEqualTo(1);
    JsonNode status = awaitComplete(backfillId);
    assertThat(status.path("done").asInt()).isEqualTo(3);
    assertThat(status.path("order").asText()).isEqualTo("newest_first");
    assertThat(status.path("partitionsPerMinute").asDouble()).isPositive();
    awaitSettled();

    Set<String> backfillCauses = new HashSet<>();
    for (JsonNode run : api.json("/api/v1/runs?dataset=" + WOW + "&limit=20").path("items")) {
      api.json("/api/v1/runs/" + run.path("runId").asText()).path("causes").forEach(c -> backfillCauses.add(c.path("kind").asText() + " " + c.path("id").asText()));
    }
    assertThat(backfillCauses).contains("backfill " + backfillId);
  }

  @Test
  @Order(5)
  void aFailingTaskShowsItsErrorClassAndTheImpactNamesWhatItBlocks() throws Exception {
    String failing = """
        DELETE FROM api_analytics.average_ticket WHERE day = DATE '{{ ds }}';
        INSERT INTO api_analytics.average_ticket
        SELECT customer_id, day, total / (txn_count - txn_count) AS average
        FROM api_analytics.daily_customer_totals WHERE day = DATE '{{ ds }}'""";
    String downstream = """
        DELETE FROM api_analytics.big_tickets WHERE day = DATE '{{ ds }}';
        INSERT INTO api_analytics.big_tickets
        SELECT customer_id, day FROM api_analytics.average_ticket WHERE day = DATE '{{ ds }}' AND average > 100""";
    dataflow.define(new DataflowDefinition(List.of(task("average_ticket", failing), task("big_tickets", downstream)), List.of(
        new TableSchema(TableName.of("api_analytics.average_ticket"),
            List.of(new ColumnSchema("customer_id", "BIGINT"), new ColumnSchema("day", "DATE"), new ColumnSchema("average", "DECIMAL(38,6)")),
            List.of("day")),
        new TableSchema(TableName.of("api_analytics.big_tickets"),
            List.of(new ColumnSchema("customer_id", "BIGINT"), new ColumnSchema("day", "DATE")), List.of("day")))));
    awaitSettled();

    JsonNode failed = api.json("/api/v1/runs?dataset=api_analytics.average_ticket&state=failed");
    assertThat(failed.path("items")).isNotEmpty();
    JsonNode error = api.json("/api/v1/runs/" + failed.path("items").get(0).path("runId").asText()).path("error");
    assertThat(error.path("kind").asText()).isEqualTo("USER_ERROR");
    assertThat(error.path("message").asText()).containsIgnoringCase("division by zero");

    JsonNode partitions = api.json("/api/v1/datasets/api_analytics.average_ticket/partitions?state=failed&limit=1");
    assertThat(partitions.path("items").get(0).path("error").asText()).containsIgnoringCase("division by zero");

    JsonNode impact = api.json("/api/v1/datasets/" + DAILY + "/impact?partition=2024-01-10");
    List<String> affected = new ArrayList<>();
    impact.path("affected").forEach(a -> affected.add(a.path("dataset").asText() + " " + a.path("partition").asText() + " " + a.path("state").asText()));
    assertThat(affected).containsExactlyInAnyOrder("api_analytics.average_ticket 2024-01-10 FAILED", "api_analytics.big_tickets 2024-01-10 BLOCKED");
    JsonNode blocked = impact.path("affected").get(1);
    assertThat(blocked.path("detail").asText()).contains("api_analytics.average_ticket 2024-01-10");
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static TaskDefinition task(String name, String sql) {
    return TaskDefinition.of("api_ecommerce." + name, rename(sql), Dialect.TRINO);
  }

  /** The example's SQL on this test's own tables. */
  private static String rename(String sql) {
    return sql.replace("raw.transactions", RAW).replace("analytics.", "api_analytics.").replace("api_api_analytics.", "api_analytics.");
  }

  private static TableSchema schema(String table) {
    TableSchema example = EcommerceExample.SCHEMA.table(TableName.of("analytics." + table)).orElseThrow();
    return new TableSchema(TableName.of("api_analytics." + table), example.columns(), example.partitionColumns());
  }

  private static Set<String> days(String first, String last) {
    Set<String> days = new TreeSet<>();
    for (LocalDate d = LocalDate.parse(first); !d.isAfter(LocalDate.parse(last)); d = d.plusDays(1)) {
      days.add(d.toString());
    }
    return days;
  }

  private static Set<String> runIds() {
    Set<String> ids = new HashSet<>();
    for (String dataset : List.of(DAILY, WEEKLY, WOW, LIFETIME)) {
      api.json("/api/v1/runs?dataset=" + dataset + "&limit=500").path("items").forEach(r -> ids.add(r.path("runId").asText()));
    }
    return ids;
  }

  private static List<String> reach(JsonNode lineage, String column) {
    List<String> reached = new ArrayList<>();
    lineage.path("columns").path("reach").forEach(r -> {
      if (r.path("column").asText().equals(column)) {
        r.path("columns").forEach(c -> reached.add(c.path("dataset").asText() + "." + c.path("column").asText()));
      }
    });
    return reached;
  }

  private static JsonNode awaitComplete(String backfillId) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      JsonNode status = api.json("/api/v1/backfills/" + backfillId);
      if (status.path("complete").asBoolean()) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Backfill " + backfillId + " did not complete within " + SETTLE + ": " + status);
      }
      Thread.sleep(300);
    }
  }

  /** Waits until every event is delivered to the dataflow and nothing is stale, pending or running. */
  private static void awaitSettled() throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The dataflow did not settle within " + SETTLE);
      }
      quiet = allEventsDelivered() && dataflow.isIdle() ? quiet + 1 : 0;
      Thread.sleep(300);
    }
  }

  private static boolean allEventsDelivered() throws SQLException {
    try (Connection db = DriverManager.getConnection(gateway.databaseUrl(), "postgres", "");
        Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT (SELECT coalesce(max(event_id), 0) FROM snapshot_events)"
            + " <= (SELECT coalesce(max(last_event_id), 0) FROM event_cursors WHERE subscriber = 'dataflow')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
