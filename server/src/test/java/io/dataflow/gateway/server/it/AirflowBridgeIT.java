package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.Bridges;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.bridge.AirflowEventBridge;
import io.dataflow.gateway.server.bridge.BridgeConfig;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A half-migrated pipeline across the bridge: an ingestion DAG still in Airflow writes
 * {@code bridge_raw.orders}, the dataflow computes {@code bridge_demo.daily_amounts} from it, and a
 * reporting DAG still in Airflow is scheduled on {@code daily_amounts}. Airflow 2 is a WireMock
 * answering as its REST API specification says (events paged, oldest first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowBridgeIT {

  private static final String RAW_URI = "trino://trino.internal:8080/iceberg/bridge_raw/orders";
  private static final String DAILY_URI = "trino://trino.internal:8080/iceberg/bridge_demo/daily_amounts";
  private static final String DAILY = "bridge_demo.daily_amounts";
  private static final String EVENTS = "/api/v1/datasets/events";
  private static final int DAILY_DATASET_ID = 7;
  private static final DateTimeFormatter AIRFLOW_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(3);
  /**
   * The wait before a failed post is tried again, for the bridge that the restart tests stop: long
   * enough that it is stopped before its retry, however slow the machine.
   */
  private static final Duration RETRY_AFTER_STOP = Duration.ofSeconds(20);

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;
  private static WireMockServer airflow;
  private static PGSimpleDataSource database;
  private static GatewayWaits waits;
  private static AirflowEventBridge bridge;
  private static LegacyDag reportDag;
  /** Whether the reporting DAG is among the DAGs run in Airflow: only once the bridge has read the commits made before. */
  private static final java.util.concurrent.atomic.AtomicBoolean REPORT_IMPORTED = new java.util.concurrent.atomic.AtomicBoolean();
  private static long receivedBefore;
  private static long outboxBefore;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    dataflow = gateway.dataflow();
    database = new PGSimpleDataSource();
    database.setURL(gateway.databaseUrl());
    database.setUser("postgres");
    waits = new GatewayWaits(database, dataflow, SETTLE);
    OrdersPipeline.define(gateway, "bridge_raw", DAILY, "orders_pipeline.daily_amounts");
    waits.settled();

    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(10).willReturn(okJson(page(List.of(), 0))));
    airflow.stubFor(get(urlPathEqualTo("/api/v1/datasets")).willReturn(okJson("""
        {"datasets": [{"id": %d, "uri": "%s", "extra": {}, "created_at": "2024-01-01T00:00:00+00:00",
          "updated_at": "2024-01-01T00:00:00+00:00", "consuming_dags": [], "producing_tasks": []}], "total_entries": 1}"""
        .formatted(DAILY_DATASET_ID, DAILY_URI))));
    // the gateway's events of daily_amounts, as Airflow lists them: none got through before
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).withQueryParam("dataset_id", equalTo(String.valueOf(DAILY_DATASET_ID)))
        .willReturn(okJson(page(List.of(), 0))));

    LegacyDag report = OrdersPipeline.report(DAILY_URI);
    reportDag = report;
    receivedBefore = waits.scalar("SELECT coalesce(max(received_id), 0) FROM airflow_received_events");
    outboxBefore = waits.scalar("SELECT coalesce(max(outbox_id), 0) FROM airflow_outbox");
    long committed = waits.scalar("SELECT coalesce(max(event_id), 0) FROM snapshot_events");
    bridge = startBridge(Duration.ofMillis(500), Duration.ofSeconds(30));
    // the first round notes where Airflow's events and the dataflow's commits stand (or carries on from an
    // earlier bridge of the same database); the reporting DAG is imported after the commits of the set-up
    waits.until("the bridge's cursors", () -> waits.scalar("SELECT count(*) FROM airflow_bridge_cursor") == 1
        && waits.scalar("SELECT count(*) FROM event_cursors WHERE subscriber = 'airflow-bridge' AND last_event_id >= " + committed) == 1);
    REPORT_IMPORTED.set(true);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (bridge != null) {
      bridge.stop();
    }
    if (airflow != null) {
      airflow.stop();
    }
  }

  @Test
  @Order(1)
  void anUpstreamAirflowEventRecomputesExactlyThePartitionsItNamesOnceAndTheDataflowsCommitsScheduleTheDownstreamDag()
      throws Exception {
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(5).willReturn(okJson(createdEvent())));
    airflow.stubFor(get(urlPathMatching("/api/v1/dags/orders_ingest/dagRuns/.+")).willReturn(okJson("""
        {"dag_run_id": "scheduled__2024-01-11T00:00:00+00:00", "dag_id": "orders_ingest",
         "logical_date": "2024-01-11T00:00:00+00:00", "execution_date": "2024-01-11T00:00:00+00:00",
         "start_date": "2024-01-12T00:00:04+00:00", "end_date": "2024-01-12T00:01:10+00:00",
         "data_interval_start": "2024-01-11T00:00:00+00:00", "data_interval_end": "2024-01-12T00:00:00+00:00",
         "last_scheduling_decision": "2024-01-12T00:01:10+00:00", "run_type": "scheduled", "state": "success",
         "external_trigger": false, "conf": {}, "note": null}""")));
    Set<String> before = OrdersPipeline.runIds(dataflow, DAILY);

    // The ingestion DAG's run of 2024-01-11 writes through the gateway's catalog, then Airflow records its
    // dataset event (no extra: the partition comes from the run's logical date). An API-made event names
    // 2024-01-12 in its extra, without any commit. An event on a file location is not the dataflow's.
    gateway.trinoExecute("INSERT INTO iceberg.bridge_raw.orders VALUES (5, 2.75, DATE '2024-01-11')");
    waits.settled();
    Instant now = Instant.now();
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(2).withQueryParam("offset", equalTo("0")).willReturn(okJson(page(List.of(
        event("s3://lake/exports/orders.csv", JSON.createObjectNode(), "exports", now.minusSeconds(2)),
        event(RAW_URI, JSON.createObjectNode(), "orders_ingest", now)), 3))));
    ObjectNode named = JSON.createObjectNode();
    named.putArray("partitions").add("day=2024-01-12");
    named.put("from_rest_api", true);
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(2).withQueryParam("offset", equalTo("2")).willReturn(okJson(page(List.of(
        event(RAW_URI, named, null, now.plusSeconds(1))), 3))));

    waits.until("the three events handled", () -> waits.scalar("SELECT count(*) FROM airflow_received_events WHERE received_id > " + receivedBefore) == 3);
    waits.settled();

    assertThat(OrdersPipeline.received(database, receivedBefore)).containsExactly(
        "s3://lake/exports/orders.csv IGNORED null null",
        RAW_URI + " COVERED LOGICAL_DATE {2024-01-11}",
        RAW_URI + " STARTED EXTRA {2024-01-12}");
    List<RunRecord> runs = OrdersPipeline.runsSince(dataflow, DAILY, before);
    assertThat(runs).extracting(r -> String.join(",", r.partitions()))
        .as("2024-01-11 once, for its commit; 2024-01-12 once, for the Airflow event; 2024-01-10 not at all")
        .containsExactlyInAnyOrder("2024-01-11", "2024-01-12");
    assertThat(runs).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunRecord.State.SUCCEEDED));
    assertThat(dataflow.partitions(DatasetId.of(DAILY)).values())
        .allSatisfy(p -> assertThat(p.state()).isInstanceOf(PartitionState.Fresh.class));
    gateway.assertSameRows("iceberg." + DAILY, "day, total, orders",
        "SELECT day, CAST(SUM(amount) AS DECIMAL(18,2)), COUNT(*) FROM iceberg.bridge_raw.orders GROUP BY day");

    // each of the two commits is one event of daily_amounts in Airflow, naming its partition, snapshot and run
    waits.until("two events posted", () -> OrdersPipeline.posts(airflow, EVENTS).size() == 2);
    Map<String, RunRecord> byPartition = runs.stream().collect(Collectors.toMap(r -> r.partitions().getFirst(), r -> r));
    List<JsonNode> posted = OrdersPipeline.posts(airflow, EVENTS).stream().map(ServeEvent::getRequest).map(r -> read(r.getBodyAsString())).toList();
    assertThat(posted).extracting(p -> p.path("dataset_uri").asText()).containsOnly(DAILY_URI);
    assertThat(posted).extracting(p -> p.path("extra").path("partitions").toString())
        .containsExactlyInAnyOrder("[\"2024-01-11\"]", "[\"2024-01-12\"]");
    for (JsonNode p : posted) {
      RunRecord run = byPartition.get(p.path("extra").path("partitions").get(0).asText());
      assertThat(p.path("extra").path("gateway_run_id").asText()).isEqualTo(run.runId());
      assertThat(p.path("extra").path("snapshot_id").asLong()).isEqualTo(run.snapshotId().orElseThrow());
    }
    assertThat(waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id > " + outboxBefore + " AND state = 'SENT' AND attempts = 1")).isEqualTo(2);
  }

  @Test
  @Order(2)
  void anEventThatAirflowRefusesWhileDownIsPostedOnceAfterTheRetry() throws Exception {
    airflow.resetRequests();
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html").withBody("<h1>503 Service Unavailable</h1>"))
        .willSetStateTo("recovered"));
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1).inScenario("outage").whenScenarioStateIs("recovered")
        .willReturn(okJson(createdEvent())));
    Set<String> before = OrdersPipeline.runIds(dataflow, DAILY);

    gateway.trinoExecute("INSERT INTO iceberg.bridge_raw.orders VALUES (6, 4.00, DATE '2024-01-10')");
    waits.settled();
    waits.until("the event posted after the outage", () -> waits.scalar("SELECT count(*) FROM airflow_outbox WHERE state = 'PENDING'") == 0
        && OrdersPipeline.posts(airflow, EVENTS).size() == 2);
    Thread.sleep(1_500);

    assertThat(OrdersPipeline.runsSince(dataflow, DAILY, before)).extracting(r -> String.join(",", r.partitions())).containsExactly("2024-01-10");
    List<ServeEvent> attempts = OrdersPipeline.posts(airflow, EVENTS);
    assertThat(attempts).as("one refused attempt, one accepted, nothing more").hasSize(2);
    assertThat(attempts).extracting(e -> e.getResponse().getStatus()).containsExactlyInAnyOrder(503, 200);
    assertThat(attempts).extracting(e -> read(e.getRequest().getBodyAsString()).path("extra").path("partitions").toString())
        .containsOnly("[\"2024-01-10\"]");
    try (Connection c = database.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT attempts, last_error IS NULL, partitions FROM airflow_outbox WHERE state = 'SENT'"
            + " ORDER BY outbox_id DESC LIMIT 1")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
      assertThat(rs.getBoolean(2)).isTrue();
      assertThat((String[]) rs.getArray(3).getArray()).containsExactly("2024-01-10");
    }
  }

  @Test
  @Order(3)
  void anEventLeftInTheOutboxByAStopWhileAirflowRefusedIsPostedOnceAfterTheRestart() throws Exception {
    airflow.resetRequests();
    StubMapping down = airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1)
        .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html").withBody("<h1>503 Service Unavailable</h1>")));
    restart(RETRY_AFTER_STOP, Duration.ofSeconds(1));
    long last = waits.scalar("SELECT coalesce(max(outbox_id), 0) FROM airflow_outbox");

    gateway.trinoExecute("INSERT INTO iceberg.bridge_raw.orders VALUES (7, 3.00, DATE '2024-01-12')");
    waits.until("the refused attempt recorded", () -> waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id > " + last
        + " AND attempts = 1 AND last_error IS NOT NULL") == 1);
    // the gateway stops with the event in the outbox, before its retry is due
    bridge.stop();
    long id = waits.scalar("SELECT outbox_id FROM airflow_outbox WHERE outbox_id > " + last);
    assertThat(waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id = " + id + " AND state = 'PENDING'")).isEqualTo(1);

    airflow.removeStub(down);
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1).willReturn(okJson(createdEvent())));
    restart(Duration.ofMillis(500), Duration.ofSeconds(30));
    waits.until("the event posted after the restart", () -> waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id = " + id
        + " AND state = 'SENT'") == 1);
    Thread.sleep(1_500);

    List<ServeEvent> attempts = OrdersPipeline.posts(airflow, EVENTS);
    assertThat(attempts).as("one refused before the stop, one accepted after the restart").hasSize(2);
    assertThat(attempts).extracting(e -> e.getResponse().getStatus()).containsExactlyInAnyOrder(503, 200);
    assertThat(attempts).extracting(e -> read(e.getRequest().getBodyAsString()).path("extra"))
        .allSatisfy(extra -> {
          assertThat(extra.path("partitions").toString()).isEqualTo("[\"2024-01-12\"]");
          assertThat(extra.path("gateway_outbox_id").asLong()).isEqualTo(id);
        });
    assertThat(waits.scalar("SELECT attempts FROM airflow_outbox WHERE outbox_id = " + id)).isEqualTo(2);
  }

  @Test
  @Order(4)
  void anEventAirflowAcceptedWhoseAnswerWasLostAtTheStopIsFoundInAirflowAfterTheRestartAndNotPostedAgain() throws Exception {
    airflow.resetRequests();
    // Airflow records the event but answers after the gateway's request timeout
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1).willReturn(okJson(createdEvent()).withFixedDelay(3_000)));
    restart(RETRY_AFTER_STOP, Duration.ofSeconds(1));
    long last = waits.scalar("SELECT coalesce(max(outbox_id), 0) FROM airflow_outbox");

    gateway.trinoExecute("INSERT INTO iceberg.bridge_raw.orders VALUES (8, 6.00, DATE '2024-01-11')");
    waits.until("the unanswered attempt recorded", () -> waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id > " + last
        + " AND attempts = 1 AND last_error IS NOT NULL") == 1);
    bridge.stop();
    long id = waits.scalar("SELECT outbox_id FROM airflow_outbox WHERE outbox_id > " + last);
    assertThat(OrdersPipeline.posts(airflow, EVENTS)).hasSize(1);

    // Airflow lists the event it recorded, with the extra it was given; a second post would be accepted at once
    JsonNode sent = read(OrdersPipeline.posts(airflow, EVENTS).getFirst().getRequest().getBodyAsString());
    Instant recordedAt = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ObjectNode recorded = event(DAILY_URI, (ObjectNode) sent.path("extra"), null, recordedAt);
    recorded.put("dataset_id", DAILY_DATASET_ID);
    StubMapping listed = airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1)
        .withQueryParam("dataset_id", equalTo(String.valueOf(DAILY_DATASET_ID))).willReturn(okJson(page(List.of(recorded), 1))));
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).atPriority(1).willReturn(okJson(createdEvent())));
    try {
      restart(Duration.ofMillis(500), Duration.ofSeconds(30));
      waits.until("the event found in Airflow after the restart", () -> waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id = " + id
          + " AND state = 'SENT'") == 1);
      Thread.sleep(1_500);
    } finally {
      airflow.removeStub(listed);
    }

    assertThat(OrdersPipeline.posts(airflow, EVENTS)).as("Airflow has the event once: the attempt before the stop").hasSize(1);
    assertThat(sent.path("extra").path("partitions").toString()).isEqualTo("[\"2024-01-11\"]");
    assertThat(sent.path("extra").path("gateway_outbox_id").asLong()).isEqualTo(id);
    assertThat(waits.scalar("SELECT attempts FROM airflow_outbox WHERE outbox_id = " + id)).isEqualTo(1);
    assertThat(waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id = " + id
        + " AND airflow_timestamp = to_timestamp(" + recordedAt.getEpochSecond() + ")")).as("Airflow's time of the event").isEqualTo(1);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A bridge of the gateway, over the database's state, with Airflow's events and commits read every 300 ms. */
  private static AirflowEventBridge startBridge(Duration retryInitialDelay, Duration requestTimeout) {
    AirflowConnection connection = AirflowConnection.of(URI.create(airflow.baseUrl()), AirflowVersion.AIRFLOW_2,
        new Authentication.Anonymous()).withLimits(2, 2, 10).withTimeouts(Duration.ofSeconds(5), requestTimeout);
    AirflowEventBridge started = new AirflowEventBridge(
        BridgeConfig.fromYaml(true, Duration.ofMillis(300), null, null, null, retryInitialDelay, retryInitialDelay.multipliedBy(2)),
        Bridges.live(connection), dataflow, database, () -> REPORT_IMPORTED.get() ? List.of(reportDag) : List.of());
    started.start();
    return started;
  }

  /** Stops the bridge and starts another: a gateway restarted, as far as the bridge goes. */
  private static void restart(Duration retryInitialDelay, Duration requestTimeout) throws InterruptedException {
    bridge.stop();
    bridge = startBridge(retryInitialDelay, requestTimeout);
  }

  private static String page(List<ObjectNode> events, int total) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("dataset_events");
    events.forEach(items::add);
    page.put("total_entries", total);
    return page.toString();
  }

  private static ObjectNode event(String uri, ObjectNode extra, String sourceDag, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("dataset_id", uri.equals(RAW_URI) ? 3 : 4);
    e.put("dataset_uri", uri);
    e.set("extra", extra);
    e.put("source_dag_id", sourceDag);
    e.put("source_task_id", sourceDag == null ? null : "load");
    e.put("source_run_id", sourceDag == null ? null : "scheduled__2024-01-11T00:00:00+00:00");
    e.put("source_map_index", -1);
    e.putArray("created_dagruns");
    e.put("timestamp", AIRFLOW_TIME.format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
    return e;
  }

  private static String createdEvent() {
    ObjectNode e = event(DAILY_URI, JSON.createObjectNode().put("from_rest_api", true), null, Instant.now());
    e.put("dataset_id", DAILY_DATASET_ID);
    return e.toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
