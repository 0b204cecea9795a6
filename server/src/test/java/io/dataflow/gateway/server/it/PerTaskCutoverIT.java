package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.Bridges;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.server.bridge.AirflowEventBridge;
import io.dataflow.gateway.server.bridge.BridgeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A cut-over task by task, against the running gateway (real Trino, Iceberg catalog and PostgreSQL)
 * and Airflow 2 as a WireMock answering as its REST API specification says: the e-commerce DAG's
 * SQL tasks move to the dataflow while its Python task stays in Airflow. The cut-over pauses the DAG,
 * refuses to complete while the DAG deployed in Airflow still has the migrated tasks, and unpauses it
 * once the DAG is deployed without them and scheduled on the dataflow's table. The bridge then connects
 * the two both ways: an Airflow event on the raw table recomputes the dataflow's partitions, and the
 * dataflow's commits of that table become events Airflow schedules the DAG on. A rollback gives the
 * tables back and says what to deploy again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTaskCutoverIT {

  private static final String DAG = "ecommerce_split";
  private static final String DAG_PATH = "/api/v1/dags/" + DAG;
  private static final String RAW_URI = "trino://trino.internal:8080/iceberg/split_raw/transactions";
  private static final String EVENTS = "/api/v1/datasets/events";
  private static final String WEEK_OVER_WEEK_URI = "trino://trino.internal:8080/iceberg/split_analytics/week_over_week";
  private static final List<String> SQL_TASKS = List.of("daily_customer_totals", "weekly_customer_totals", "week_over_week",
      "customer_lifetime_value");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(2);

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;
  private static EcommerceAirflow dag;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    dag = new EcommerceAirflow(airflow, DAG, "split_");
    dag.serve();
    gateway.trinoExecute(dag.tables());
  }

  @AfterAll
  static void tearDown() {
    if (airflow != null) {
      airflow.stop();
    }
  }

  @Test
  @Order(1)
  void theDagIsImportedFromItsAirflow() {
    ApiHttp.Answer imported = post("/api/v1/imports", "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);
    assertThat(api.json(DAG_PATH).path("tasks").findValuesAsText("taskId")).containsAll(SQL_TASKS).contains("notify_finance");
  }

  @Test
  @Order(2)
  void theCutoverPausesTheDagAndSaysWhatToDeployForTheTasksThatStayInAirflow() throws Exception {
    ApiHttp.Answer invalid = post(DAG_PATH + "/cutover", "{\"force\": true, \"remainingTasks\": \"elsewhere\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("detail").asText()).contains("remainingTasks").contains("elsewhere");
    assertThat(airflow.findAll(patchRequestedFor(urlPathEqualTo("/api/v1/dags/" + DAG)))).as("nothing reached Airflow").isEmpty();

    ApiHttp.Answer answer = post(DAG_PATH + "/cutover", "{\"force\": true, \"remainingTasks\": \"airflow\"}");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    assertThat(pausedFlagsSent()).containsExactly(true);

    JsonNode body = answer.json();
    assertThat(body.path("migration").path("mode").asText()).isEqualTo("production");
    assertThat(body.path("migration").path("remainingTasks").asText()).isEqualTo("airflow");
    assertThat(body.path("migration").path("airflowPaused").asBoolean()).isTrue();
    assertThat(body.path("migration").path("producer").asText()).startsWith("the dataflow for its migrated tasks; its other tasks wait");
    for (String task : SQL_TASKS) {
      assertThat(task(body, task).path("translation").asText()).as(task).isEqualTo("translated");
    }
    assertThat(task(body, "notify_finance").path("translation").asText()).isEqualTo("not_migrated");
    assertThat(body.path("untranslated").findValuesAsText("taskId")).containsExactly("notify_finance");
    JsonNode notify = body.path("untranslated").get(0);
    assertThat(notify.path("runsNow").asText()).startsWith("nothing until the cut-over completes");
    assertThat(notify.path("toKeepItRunning").asText())
        .contains("deploy DAG " + DAG + " in Airflow without tasks [").contains("daily_customer_totals")
        .contains("split_analytics.week_over_week")
        .contains("POST /api/v1/dags/" + DAG + "/cutover/complete");
    assertThat(gateway.fallback().job(new io.dataflow.gateway.server.fallback.FallbackJobKey(DAG, "notify_finance")))
        .as("the task stays in Airflow, not in the fallback").isEmpty();

    awaitIdle();
    assertThat(gateway.dataflow().partitions(DatasetId.of("split_analytics.weekly_customer_totals")))
        .as("the dataflow produces the real tables").containsKey(PartitionKey.day(LocalDate.parse("2024-01-03")));
    gateway.assertSameRows("iceberg.split_analytics.daily_customer_totals", "customer_id, day, total, txn_count",
        "SELECT customer_id, day, SUM(amount), COUNT(*) FROM iceberg.split_raw.transactions GROUP BY customer_id, day");
  }

  @Test
  @Order(3)
  void theCutoverDoesNotCompleteWhileTheDagInAirflowStillHasTheMigratedTasks() {
    airflow.resetRequests();
    ApiHttp.Answer early = post(DAG_PATH + "/cutover/complete", "");
    assertThat(early.status()).as(early.response().body()).isEqualTo(409);
    assertThat(early.json().path("detail").asText()).contains("still has tasks [").contains("daily_customer_totals").contains("stays paused");
    assertThat(pausedFlagsSent()).as("the DAG stays paused").isEmpty();
    assertThat(api.json(DAG_PATH).path("migration").path("airflowPaused").asBoolean()).isTrue();
  }

  @Test
  @Order(4)
  void onceDeployedWithoutThemTheDagRunsAgainInAirflowScheduledOnTheDataflowsTable() throws Exception {
    serveDeployedWithoutSqlTasks();
    airflow.resetRequests();
    ApiHttp.Answer answer = post(DAG_PATH + "/cutover/complete", "");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    assertThat(pausedFlagsSent()).containsExactly(false);
    JsonNode migration = answer.json().path("migration");
    assertThat(migration.path("airflowPaused").asBoolean(true)).isFalse();
    assertThat(JSON.convertValue(migration.path("airflowTasks"), String[].class)).containsExactly("notify_finance");
    assertThat(migration.path("producer").asText())
        .isEqualTo("the dataflow for its migrated tasks, Airflow for the others (the DAG deployed there without the migrated tasks)");
    assertThat(task(answer.json(), "notify_finance").path("reason").asText()).startsWith("it runs in Airflow");
    assertThat(task(answer.json(), "daily_customer_totals").path("translation").asText()).isEqualTo("translated");

    // what the bridge reads: the DAG as Airflow runs it now, scheduled on the dataflow's table
    LegacyDag running = gateway.dags().dagsRunInAirflow().stream().filter(d -> d.dagId().equals(DAG)).findFirst().orElseThrow();
    assertThat(running.tasks()).extracting(LegacyTask::taskId).containsExactly("notify_finance");
    assertThat(running.schedule()).isInstanceOfSatisfying(Schedule.DatasetTriggered.class,
        s -> assertThat(s.condition()).contains(WEEK_OVER_WEEK_URI));
    assertThat(running.consumedDatasets()).containsExactly(WEEK_OVER_WEEK_URI);

    // a later import of the DAG records what Airflow runs and keeps the definition the migrated tasks came from
    ApiHttp.Answer again = post("/api/v1/imports", "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(again.status()).as(again.response().body()).isEqualTo(201);
    JsonNode dag = api.json(DAG_PATH);
    assertThat(dag.path("tasks").findValuesAsText("taskId")).containsAll(SQL_TASKS).contains("notify_finance");
    assertThat(JSON.convertValue(dag.path("migration").path("airflowTasks"), String[].class)).containsExactly("notify_finance");
    assertThat(task(dag, "week_over_week").path("translation").asText()).isEqualTo("translated");
  }

  @Test
  @Order(5)
  void theBridgeConnectsTheDataflowAndTheDagInAirflowBothWays() throws Exception {
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(10).willReturn(okJson(events(List.of(), 0))));
    airflow.stubFor(get(urlPathEqualTo("/api/v1/datasets")).atPriority(1).withQueryParam("uri_pattern", equalTo(WEEK_OVER_WEEK_URI))
        .willReturn(okJson("""
            {"datasets": [{"id": 41, "uri": "%s", "extra": {}, "created_at": "2024-01-01T00:00:00+00:00",
              "updated_at": "2024-01-01T00:00:00+00:00", "consuming_dags": [], "producing_tasks": []}], "total_entries": 1}"""
            .formatted(WEEK_OVER_WEEK_URI))));
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).withQueryParam("dataset_id", equalTo("41"))
        .willReturn(okJson(events(List.of(), 0))));
    airflow.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(EVENTS)).willReturn(okJson(event(WEEK_OVER_WEEK_URI, JSON.createObjectNode(), null, Instant.now())
        .put("dataset_id", 41).toString())));
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setURL(gateway.databaseUrl());
    database.setUser("postgres");
    AirflowConnection connection = AirflowConnection.of(URI.create(airflow.baseUrl()), AirflowVersion.AIRFLOW_2,
        new Authentication.Anonymous()).withLimits(2, 2, 10);
    AirflowEventBridge bridge = new AirflowEventBridge(
        BridgeConfig.fromYaml(true, Duration.ofMillis(300), null, null, null, Duration.ofMillis(500), Duration.ofSeconds(1)),
        Bridges.live(connection), gateway.dataflow(), database, gateway.dags()::dagsRunInAirflow);
    bridge.start();
    try {
      // the first round notes where Airflow's events and the dataflow's commits stand
      Thread.sleep(1_500);
      airflow.resetRequests();
      // an ingestion DAG still in Airflow restates 2024-01-02 and Airflow records its dataset event
      gateway.trinoExecute("DELETE FROM iceberg.split_raw.transactions WHERE day = DATE '2024-01-02' AND txn_id % 2 = 0");
      ObjectNode extra = JSON.createObjectNode();
      extra.putArray("partitions").add("day=2024-01-02");
      airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(2).withQueryParam("offset", equalTo("0")).willReturn(okJson(events(List.of(
          event(RAW_URI, extra, "transactions_ingest", Instant.now().plusSeconds(1))), 1))));

      // the dataflow recomputes the day and what follows it; each commit of week_over_week schedules the DAG in Airflow
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (weekOverWeekEvents().isEmpty() || !gateway.dataflow().isIdle()) {
        assertThat(System.nanoTime()).as("an event on week_over_week reaches Airflow").isLessThan(deadline);
        Thread.sleep(250);
      }
      gateway.assertSameRows("iceberg.split_analytics.daily_customer_totals", "customer_id, day, total, txn_count",
          "SELECT customer_id, day, SUM(amount), COUNT(*) FROM iceberg.split_raw.transactions GROUP BY customer_id, day");
      List<JsonNode> posted = weekOverWeekEvents();
      assertThat(posted).isNotEmpty().allSatisfy(p -> {
        assertThat(p.path("extra").path("dataset").asText()).isEqualTo("split_analytics.week_over_week");
        assertThat(p.path("extra").path("gateway_run_id").asText()).isNotEmpty();
      });
      assertThat(posted).anySatisfy(p -> assertThat(p.path("extra").path("partitions").toString()).contains("2024-01-02"));
    } finally {
      bridge.stop();
      // the bridge's state is the database's: the next bridge of this test run starts afresh
      try (java.sql.Connection c = database.getConnection(); java.sql.Statement s = c.createStatement()) {
        s.execute("DELETE FROM airflow_outbox");
        s.execute("DELETE FROM airflow_received_events");
        s.execute("DELETE FROM airflow_bridge_cursor");
        s.execute("DELETE FROM event_cursors WHERE subscriber = 'airflow-bridge'");
      }
    }
  }

  @Test
  @Order(6)
  void aRollbackGivesTheTablesBackAndSaysWhichTasksToDeployAgain() throws Exception {
    airflow.resetRequests();
    ApiHttp.Answer answer = post(DAG_PATH + "/rollback", "");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    assertThat(pausedFlagsSent()).as("the DAG was running in Airflow: nothing to unpause").isEmpty();
    JsonNode migration = answer.json().path("migration");
    assertThat(migration.path("mode").asText()).isEqualTo("not_migrated");
    assertThat(migration.path("producer").asText()).startsWith("Airflow, but the DAG deployed there still lacks tasks [")
        .contains("daily_customer_totals").contains("customer_lifetime_value");
    assertThat(gateway.dataflow().graph().dataset(DatasetId.of("split_analytics.daily_customer_totals"))).isEmpty();
    assertThat(task(answer.json(), "notify_finance").path("translation").asText()).isEqualTo("not_migrated");
  }

  // ---- Airflow's part ----------------------------------------------------------------------

  /** The dataset events the gateway posted to Airflow on {@code week_over_week}, as sent. */
  private static List<JsonNode> weekOverWeekEvents() {
    return airflow.findAll(postRequestedFor(urlPathEqualTo(EVENTS))).stream()
        .map(r -> {
          try {
            return JSON.readTree(r.getBodyAsString());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .filter(body -> body.path("dataset_uri").asText().equals(WEEK_OVER_WEEK_URI))
        .toList();
  }

  private static String events(List<ObjectNode> events, int total) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("dataset_events");
    events.forEach(items::add);
    page.put("total_entries", total);
    return page.toString();
  }

  /** A dataset event as Airflow 2 lists it. */
  private static ObjectNode event(String uri, ObjectNode extra, String sourceDag, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("dataset_id", 40);
    e.put("dataset_uri", uri);
    e.set("extra", extra);
    e.put("source_dag_id", sourceDag);
    e.put("source_task_id", sourceDag == null ? null : "load");
    e.put("source_run_id", sourceDag == null ? null : "scheduled__2024-01-02T00:00:00+00:00");
    e.put("source_map_index", -1);
    e.putArray("created_dagruns");
    e.put("timestamp", DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
    return e;
  }

  /** {@code is_paused} of every PATCH of the DAG Airflow received since the last reset, in order. */
  private static List<Boolean> pausedFlagsSent() {
    return airflow.findAll(patchRequestedFor(urlPathEqualTo("/api/v1/dags/" + DAG))).stream()
        .map(PerTaskCutoverIT::pausedFlag)
        .toList();
  }

  private static boolean pausedFlag(LoggedRequest request) {
    assertThat(request.getUrl()).isEqualTo("/api/v1/dags/" + DAG + "?update_mask=is_paused");
    try {
      return JSON.readTree(request.getBodyAsString()).path("is_paused").asBoolean();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The DAG as its owner deploys it after the cut-over: only {@code notify_finance}, scheduled on the
   * Airflow dataset of {@code week_over_week}, which the dataflow now writes; no run since.
   */
  private static void serveDeployedWithoutSqlTasks() throws IOException {
    String api = "/api/v1";
    String dir = "v1/dags/ecommerce_daily";
    ObjectNode details = (ObjectNode) JSON.readTree(dag.renamed(EcommerceAirflow.text(dir + "/details.json")));
    details.putNull("schedule_interval");
    details.put("timetable_description", "Triggered by datasets");
    details.putObject("dataset_expression").putArray("all").add(WEEK_OVER_WEEK_URI);
    airflow.stubFor(get(urlPathEqualTo(api + "/dags/" + DAG + "/details")).willReturn(okJson(details.toString())));

    ObjectNode tasks = (ObjectNode) JSON.readTree(dag.renamed(EcommerceAirflow.text(dir + "/tasks.json")));
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode task : tasks.get("tasks")) {
      if (task.get("task_id").asText().equals("notify_finance")) {
        kept.add(task);
      }
    }
    assertThat(kept).hasSize(1);
    tasks.set("tasks", kept);
    tasks.put("total_entries", 1);
    airflow.stubFor(get(urlPathEqualTo(api + "/dags/" + DAG + "/tasks")).willReturn(okJson(tasks.toString())));

    String token = dag.fileToken();
    ObjectNode source = (ObjectNode) JSON.readTree(dag.renamed(EcommerceAirflow.text("v1/dagSources/" + token + ".json")));
    source.put("content", """
        from airflow import DAG, Dataset
        from airflow.operators.python import PythonOperator

        with DAG(dag_id="%s", schedule=[Dataset("%s")], start_date=datetime(2024, 1, 1), catchup=False):
            notify_finance = PythonOperator(task_id="notify_finance", python_callable=post_summary)
        """.formatted(DAG, WEEK_OVER_WEEK_URI));
    airflow.stubFor(get(urlPathEqualTo(api + "/dagSources/" + token)).willReturn(okJson(source.toString())));
    dag.paged(api + "/dags/" + DAG + "/dagRuns", "{\"dag_runs\": [], \"total_entries\": 0}");
    dag.paged(api + "/datasets", """
        {"datasets": [{"id": 41, "uri": "%s", "extra": {}, "created_at": "2024-01-01T00:00:00+00:00",
          "updated_at": "2024-01-13T06:00:12.345000+00:00",
          "consuming_dags": [{"dag_id": "%s", "created_at": "2024-01-13T06:00:12.345000+00:00",
            "updated_at": "2024-01-13T06:00:12.345000+00:00"}],
          "producing_tasks": []}], "total_entries": 1}""".formatted(WEEK_OVER_WEEK_URI, DAG));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static ApiHttp.Answer post(String path, String body) {
    return api.post(path, SharedGateway.ADMIN_TOKEN, body);
  }

  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Thread.sleep(500);
    while (!gateway.dataflow().isIdle()) {
      assertThat(System.nanoTime()).as("the dataflow settles").isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
