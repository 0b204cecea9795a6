package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.find;
import static io.dataflow.gateway.server.it.DagViews.shadowPartition;
import static io.dataflow.gateway.server.it.DagViews.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The migration of the e-commerce DAG, end to end, against a WireMock Airflow 2 and the real Trino,
 * Iceberg catalog and PostgreSQL: import through the API, the readiness report, a shadow run whose
 * tables match what Airflow wrote (the test plays Airflow, running the DAG's SQL for each day), an
 * injected difference reported with rows of both sides, a cut-over that Airflow refuses, one that
 * pauses the DAG, and the rollback that unpauses it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationLifecycleIT {

  private static final String DAG = "ecommerce_migration";
  private static final String DAG_PATH = "/api/v1/dags/" + DAG;
  private static final List<String> DAYS = List.of("2024-01-01", "2024-01-02", "2024-01-03");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(2);

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    serveDag();
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.mig_raw",
        "CREATE SCHEMA IF NOT EXISTS iceberg.mig_analytics",
        "CREATE TABLE iceberg.mig_raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP(6),"
            + " day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO iceberg.mig_raw.transactions SELECT orderkey, custkey % 20, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % 3) * INTERVAL '1' DAY FROM tpch.tiny.orders"
            + " WHERE orderkey < 3000",
        "CREATE TABLE iceberg.mig_analytics.daily_customer_totals (customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT)"
            + " WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE iceberg.mig_analytics.weekly_customer_totals (customer_id BIGINT, day DATE, total_7d DECIMAL(18,2))"
            + " WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE iceberg.mig_analytics.week_over_week (customer_id BIGINT, day DATE, total_7d DECIMAL(18,2),"
            + " prev_total_7d DECIMAL(18,2), change DECIMAL(18,2)) WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE iceberg.mig_analytics.load_audit (day DATE, txn_count BIGINT) WITH (partitioning = ARRAY['day'])");
    for (String day : DAYS) {
      runInAirflow(day);
    }
  }

  @AfterAll
  static void tearDown() {
    if (airflow != null) {
      airflow.stop();
    }
  }

  @Test
  @Order(1)
  void theDagIsImportedAndItsReadinessNamesTheRisksOfTheDagAsItRunsToday() {
    ApiHttp.Answer imported = post("/api/v1/imports", "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);

    JsonNode dag = api.json(DAG_PATH);
    assertThat(dag.path("migration").path("mode").asText()).isEqualTo("not_migrated");
    assertThat(dag.path("migration").path("airflow").path("url").asText()).isEqualTo(airflow.baseUrl());
    assertThat(dag.path("migration").path("airflowFrom").asText()).isEqualTo("import");

    JsonNode readiness = api.json(DAG_PATH + "/readiness");
    assertThat(risks(readiness, "HIDDEN_DEPENDENCY", "weekly_customer_totals"))
        .anySatisfy(detail -> assertThat(detail).contains("mig_analytics.daily_customer_totals").contains("-6"));
    assertThat(risks(readiness, "NON_IDEMPOTENT_APPEND", "audit_log"))
        .anySatisfy(detail -> assertThat(detail).contains("mig_analytics.load_audit"));

    ApiHttp.Answer early = post(DAG_PATH + "/cutover", "{}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().path("detail").asText()).contains("not in shadow").contains("force");
  }

  @Test
  @Order(2)
  void aShadowRunThatComputesWhatAirflowWroteBecomesReadyForCutover() throws Exception {
    ApiHttp.Answer migrated = post(DAG_PATH + "/migrate", "{\"mode\": \"shadow\"}");
    assertThat(migrated.status()).as(migrated.response().body()).isEqualTo(200);
    assertThat(migrated.json().path("migration").path("mode").asText()).isEqualTo("shadow");
    assertThat(migrated.json().path("migration").path("shadowTables").path("mig_analytics.daily_customer_totals").asText())
        .isEqualTo("mig_analytics__shadow.daily_customer_totals");
    assertThat(task(migrated.json(), "audit_log").path("translation").asText()).isEqualTo("fallback");

    JsonNode report = awaitShadow(r -> r.path("readyForCutover").asBoolean());
    assertThat(report.path("cleanPartitions").asLong()).isGreaterThanOrEqualTo(report.path("requiredCleanPartitions").asLong());
    assertThat(report.path("requiredCleanPartitions").asInt()).isEqualTo(7);
    for (String table : List.of("mig_analytics.daily_customer_totals", "mig_analytics.weekly_customer_totals",
        "mig_analytics.week_over_week")) {
      for (String day : DAYS) {
        JsonNode partition = shadowPartition(report, table, day);
        assertThat(partition.path("state").asText()).as(table + " " + day).isEqualTo("match");
        assertThat(partition.path("real").path("rows").asLong()).isPositive().isEqualTo(partition.path("shadow").path("rows").asLong());
        assertThat(partition.path("real").path("checksum").asLong()).isEqualTo(partition.path("shadow").path("checksum").asLong());
      }
    }
    assertThat(shadowPartition(report, "mig_analytics.customer_lifetime_value", "(unpartitioned)").path("state").asText()).isEqualTo("match");
    assertThat(report.path("differentPartitions").asLong()).isZero();
    assertThat(report.path("failedPartitions").asLong()).isZero();
    gateway.assertSameRows("iceberg.mig_analytics__shadow.daily_customer_totals", "customer_id, day, total, txn_count",
        "SELECT customer_id, day, total, txn_count FROM iceberg.mig_analytics.daily_customer_totals");
    assertThat(gateway.trinoLong("SELECT count(*) FROM iceberg.mig_analytics.load_audit")).as("the audit rows Airflow appended")
        .isEqualTo(DAYS.size());

    JsonNode dag = api.json(DAG_PATH);
    assertThat(dag.path("migration").path("shadow").path("readyForCutover").asBoolean()).isTrue();
    assertThat(dag.path("migration").path("producer").asText()).startsWith("Airflow");
  }

  @Test
  @Order(3)
  void aRowChangedInARealPartitionIsReportedWithTheDifferingRowsOfBothSides() throws Exception {
    long customer = gateway.trinoLong(
        "SELECT min(customer_id) FROM iceberg.mig_analytics.daily_customer_totals WHERE day = DATE '2024-01-02'");
    gateway.trinoExecute("UPDATE iceberg.mig_analytics.daily_customer_totals SET total = total + 100"
        + " WHERE day = DATE '2024-01-02' AND customer_id = " + customer);

    JsonNode report = awaitShadow(r -> shadowPartition(r, "mig_analytics.daily_customer_totals", "2024-01-02").path("state").asText()
        .equals("different"));
    assertThat(report.path("readyForCutover").asBoolean()).isFalse();
    assertThat(report.path("differentPartitions").asLong()).isEqualTo(1);
    JsonNode different = shadowPartition(report, "mig_analytics.daily_customer_totals", "2024-01-02");
    assertThat(different.path("real").path("checksum").asLong()).isNotEqualTo(different.path("shadow").path("checksum").asLong());
    JsonNode onlyInReal = different.path("samples").path("onlyInReal");
    JsonNode onlyInShadow = different.path("samples").path("onlyInShadow");
    assertThat(onlyInReal).hasSize(1);
    assertThat(onlyInShadow).hasSize(1);
    assertThat(onlyInReal.get(0).path("customer_id").asLong()).isEqualTo(customer);
    assertThat(onlyInShadow.get(0).path("customer_id").asLong()).isEqualTo(customer);
    assertThat(new java.math.BigDecimal(onlyInReal.get(0).path("total").asText())
        .subtract(new java.math.BigDecimal(onlyInShadow.get(0).path("total").asText()))).isEqualByComparingTo("100");

    ApiHttp.Answer refused = post(DAG_PATH + "/cutover", "{}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText()).contains("mig_analytics.daily_customer_totals 2024-01-02");

    gateway.trinoExecute("UPDATE iceberg.mig_analytics.daily_customer_totals SET total = total - 100"
        + " WHERE day = DATE '2024-01-02' AND customer_id = " + customer);
    awaitShadow(r -> r.path("readyForCutover").asBoolean());
  }

  @Test
  @Order(4)
  void aCutoverThatAirflowRefusesChangesNothing() {
    StubMapping unavailable = airflow.stubFor(patch(urlPathEqualTo("/api/v1/dags/" + DAG)).atPriority(1)
        .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/problem+json").withBody(text("v1/errors/503.json"))));
    try {
      ApiHttp.Answer answer = post(DAG_PATH + "/cutover", "{}");
      assertThat(answer.status()).as(answer.response().body()).isEqualTo(502);
      assertThat(answer.json().path("detail").asText()).contains(airflow.baseUrl()).contains("Nothing was changed");
    } finally {
      airflow.removeStub(unavailable);
    }
    JsonNode dag = api.json(DAG_PATH);
    assertThat(dag.path("migration").path("mode").asText()).isEqualTo("shadow");
    assertThat(dag.path("migration").path("airflowPaused").isNull()).isTrue();
    assertThat(dag.path("migration").path("cutoverAt").isNull()).isTrue();
    assertThat(task(dag, "daily_customer_totals").path("translation").asText()).isEqualTo("translated");
    assertThat(gateway.dataflow().graph().dataset(io.dataflow.gateway.planner.model.DatasetId.of("mig_analytics__shadow.daily_customer_totals")))
        .as("the dataflow still writes the shadow table").isPresent();
  }

  @Test
  @Order(5)
  void theCutoverPausesTheDagInAirflowAndTheDataflowTakesOverTheRealTables() throws Exception {
    airflow.resetRequests();
    ApiHttp.Answer answer = post(DAG_PATH + "/cutover", "{}");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);

    List<LoggedRequest> patches = airflow.findAll(patchRequestedFor(urlPathEqualTo("/api/v1/dags/" + DAG)));
    assertThat(patches).hasSize(1);
    LoggedRequest pause = patches.getFirst();
    assertThat(pause.getMethod().getName()).isEqualTo("PATCH");
    assertThat(pause.getUrl()).isEqualTo("/api/v1/dags/" + DAG + "?update_mask=is_paused");
    assertThat(JSON.readTree(pause.getBodyAsString())).isEqualTo(JSON.readTree("{\"is_paused\": true}"));

    JsonNode body = answer.json();
    assertThat(body.path("migration").path("mode").asText()).isEqualTo("production");
    assertThat(body.path("migration").path("airflowPaused").asBoolean()).isTrue();
    assertThat(body.path("migration").path("cutoverAt").asText()).isNotEmpty();
    assertThat(body.path("untranslated").findValuesAsText("taskId")).containsExactlyInAnyOrder("audit_log", "notify_finance");
    // the appending SQL task runs on Trino in the Quartz fallback, from the day under way at the cut-over
    JsonNode audit = find(body.path("untranslated"), "audit_log");
    assertThat(audit.path("runsNow").asText()).startsWith("the gateway's Quartz fallback: a trino-sql job on the DAG's schedule");
    io.dataflow.gateway.server.fallback.FallbackJobKey auditJob = new io.dataflow.gateway.server.fallback.FallbackJobKey(DAG, "audit_log");
    assertThat(gateway.fallback().job(auditJob)).hasValueSatisfying(scheduled -> {
      assertThat(scheduled.job().action().kind()).isEqualTo("trino-sql");
      assertThat(scheduled.job().schedule().startDate()).hasValueSatisfying(start ->
          assertThat(start).isBetween(java.time.Instant.now().minus(java.time.Duration.ofDays(1)), java.time.Instant.now()));
    });
    // the Python task cannot run in the gateway: the answer says so, and how to keep it running
    JsonNode notify = find(body.path("untranslated"), "notify_finance");
    assertThat(notify.path("runsNow").asText()).startsWith("nothing").contains("cannot run a PythonOperator");
    assertThat(notify.path("toKeepItRunning").asText()).contains("mig_analytics.week_over_week");

    awaitIdle();
    assertThat(gateway.dataflow().partitions(io.dataflow.gateway.planner.model.DatasetId.of("mig_analytics.daily_customer_totals")))
        .as("the dataflow produces the real table").containsKey(io.dataflow.gateway.planner.model.PartitionKey.day(java.time.LocalDate.parse("2024-01-02")));
    gateway.assertSameRows("iceberg.mig_analytics.daily_customer_totals", "customer_id, day, total, txn_count",
        "SELECT customer_id, day, SUM(amount), COUNT(*) FROM iceberg.mig_raw.transactions GROUP BY customer_id, day");
    assertThat(api.json(DAG_PATH).path("migration").path("producer").asText()).startsWith("the dataflow (the DAG is paused in Airflow)");
  }

  @Test
  @Order(6)
  void theRollbackStopsTheDataflowThenUnpausesTheDagInAirflow() throws Exception {
    // Airflow refuses the unpause: the dataflow side is rolled back, and the answer and the DAG say
    // that nothing produces the tables until the rollback is called again
    StubMapping unavailable = airflow.stubFor(patch(urlPathEqualTo("/api/v1/dags/" + DAG)).atPriority(1)
        .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/problem+json").withBody(text("v1/errors/503.json"))));
    try {
      ApiHttp.Answer refused = post(DAG_PATH + "/rollback", "");
      assertThat(refused.status()).as(refused.response().body()).isEqualTo(502);
      assertThat(refused.json().path("detail").asText()).contains(airflow.baseUrl()).contains("Nothing produces its tables");
    } finally {
      airflow.removeStub(unavailable);
    }
    JsonNode stranded = api.json(DAG_PATH).path("migration");
    assertThat(stranded.path("mode").asText()).isEqualTo("not_migrated");
    assertThat(stranded.path("airflowPaused").asBoolean()).isTrue();
    assertThat(stranded.path("producer").asText()).startsWith("nothing");
    assertThat(gateway.dataflow().graph().dataset(io.dataflow.gateway.planner.model.DatasetId.of("mig_analytics.daily_customer_totals")))
        .as("the dataflow stopped producing at the first call").isEmpty();

    airflow.resetRequests();
    ApiHttp.Answer answer = post(DAG_PATH + "/rollback", "");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);

    List<LoggedRequest> patches = airflow.findAll(patchRequestedFor(urlPathEqualTo("/api/v1/dags/" + DAG)));
    assertThat(patches).hasSize(1);
    assertThat(patches.getFirst().getUrl()).isEqualTo("/api/v1/dags/" + DAG + "?update_mask=is_paused");
    assertThat(JSON.readTree(patches.getFirst().getBodyAsString())).isEqualTo(JSON.readTree("{\"is_paused\": false}"));
    JsonNode migration = answer.json().path("migration");
    assertThat(migration.path("mode").asText()).isEqualTo("not_migrated");
    assertThat(migration.path("airflowPaused").asBoolean(true)).isFalse();
    assertThat(migration.path("producer").asText()).isEqualTo("Airflow");
    assertThat(gateway.dataflow().graph().dataset(io.dataflow.gateway.planner.model.DatasetId.of("mig_analytics.daily_customer_totals")))
        .isEmpty();
    assertThat(gateway.fallback().job(new io.dataflow.gateway.server.fallback.FallbackJobKey(DAG, "audit_log")))
        .as("Airflow runs the appending task again").isEmpty();
  }

  // ---- Airflow's part ----------------------------------------------------------------------

  /** What the DAG's tasks do in Airflow for logical date {@code ds}, rendered. */
  private static void runInAirflow(String ds) throws Exception {
    String day = "DATE '" + ds + "'";
    String from = "DATE '" + java.time.LocalDate.parse(ds).minusDays(6) + "'";
    String previous = "DATE '" + java.time.LocalDate.parse(ds).minusDays(7) + "'";
    gateway.trinoExecute(
        "DELETE FROM iceberg.mig_analytics.daily_customer_totals WHERE day = " + day,
        "INSERT INTO iceberg.mig_analytics.daily_customer_totals SELECT customer_id, " + day + " AS day, SUM(amount) AS total,"
            + " COUNT(*) AS txn_count FROM iceberg.mig_raw.transactions WHERE day = " + day + " GROUP BY customer_id",
        "DELETE FROM iceberg.mig_analytics.weekly_customer_totals WHERE day = " + day,
        "INSERT INTO iceberg.mig_analytics.weekly_customer_totals SELECT customer_id, " + day + " AS day, SUM(total) AS total_7d"
            + " FROM iceberg.mig_analytics.daily_customer_totals WHERE day BETWEEN " + from + " AND " + day + " GROUP BY customer_id",
        "DELETE FROM iceberg.mig_analytics.week_over_week WHERE day = " + day,
        "INSERT INTO iceberg.mig_analytics.week_over_week SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,"
            + " cur.total_7d - COALESCE(prev.total_7d, 0) AS change FROM iceberg.mig_analytics.weekly_customer_totals cur"
            + " LEFT JOIN iceberg.mig_analytics.weekly_customer_totals prev ON prev.customer_id = cur.customer_id AND prev.day = " + previous
            + " WHERE cur.day = " + day,
        "CREATE OR REPLACE TABLE iceberg.mig_analytics.customer_lifetime_value AS SELECT customer_id, SUM(total) AS lifetime_total,"
            + " MIN(day) AS first_day, MAX(day) AS last_day FROM iceberg.mig_analytics.daily_customer_totals GROUP BY customer_id",
        "INSERT INTO iceberg.mig_analytics.load_audit SELECT " + day + " AS day, COUNT(*) AS txn_count FROM iceberg.mig_raw.transactions"
            + " WHERE day = " + day);
  }

  /**
   * The e-commerce DAG of the Airflow 2 fixtures, as {@value #DAG} over the {@code mig_} schemas, with one
   * more task that appends to an audit table without deleting first; and the pause endpoint.
   */
  private static void serveDag() throws IOException {
    new EcommerceAirflow(airflow, DAG, "mig_").serve(tasks -> {
      ObjectNode audit = null;
      for (JsonNode task : tasks) {
        if (task.get("task_id").asText().equals("daily_customer_totals")) {
          audit = task.deepCopy();
        }
      }
      audit.put("task_id", "audit_log").put("task_display_name", "audit_log");
      audit.putArray("downstream_task_ids");
      tasks.add(audit);
    }, content -> {
      String marker = "    notify_finance = PythonOperator(";
      assertThat(content).contains(marker);
      return content.replace(marker, "    audit_log = SQLExecuteQueryOperator(\n"
          + "        task_id=\"audit_log\",\n"
          + "        conn_id=\"trino_default\",\n"
          + "        sql=\"\"\"INSERT INTO mig_analytics.load_audit\n"
          + "SELECT DATE '{{ ds }}' AS day, COUNT(*) AS txn_count\n"
          + "FROM mig_raw.transactions\n"
          + "WHERE day = DATE '{{ ds }}'\"\"\",\n"
          + "    )\n\n" + marker);
    });
  }

  private static String text(String resource) {
    try (InputStream in = MigrationLifecycleIT.class.getResourceAsStream("/airflow/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static ApiHttp.Answer post(String path, String body) {
    return api.post(path, SharedGateway.ADMIN_TOKEN, body);
  }

  private static JsonNode awaitShadow(Predicate<JsonNode> condition) throws InterruptedException {
    return DagViews.awaitShadow(api, DAG_PATH, condition, SETTLE);
  }

  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Thread.sleep(500);
    while (!gateway.dataflow().isIdle()) {
      assertThat(System.nanoTime()).as("the dataflow settles").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private static List<String> risks(JsonNode readiness, String kind, String taskId) {
    List<String> details = new java.util.ArrayList<>();
    for (JsonNode risk : readiness.path("risks")) {
      if (risk.path("kind").asText().equals(kind) && risk.path("taskId").asText().equals(taskId)) {
        details.add(risk.path("detail").asText());
      }
    }
    return details;
  }
}
