package io.dataflow.gateway.server.it;

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
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The half-migrated pipeline of {@link AirflowBridgeIT} against Airflow 3: an ingestion DAG still in
 * Airflow writes {@code asset_raw.orders}, the dataflow computes {@code asset_demo.daily_amounts}, and a
 * reporting DAG still in Airflow is scheduled on that asset. Airflow 3 is a WireMock answering as its
 * {@code /api/v2} specification says: assets addressed by integer id, asset events paged by {@code
 * limit}/{@code offset} and read after {@code timestamp_gt}, events created with {@code POST
 * /api/v2/assets/events} and a body of {@code asset_id} and {@code extra}, every call with a bearer token.
 */
class AirflowBridgeV2IT {

  private static final String RAW_URI = "trino://trino.internal:8080/iceberg/asset_raw/orders";
  private static final String DAILY_URI = "trino://trino.internal:8080/iceberg/asset_demo/daily_amounts";
  private static final String DAILY = "asset_demo.daily_amounts";
  private static final String EVENTS = "/api/v2/assets/events";
  private static final int RAW_ASSET_ID = 3;
  private static final int DAILY_ASSET_ID = 7;
  private static final String TOKEN = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJnYXRld2F5In0.c2lnbmF0dXJl";
  private static final DateTimeFormatter AIRFLOW_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(3);
  private static final AtomicBoolean REPORT_IMPORTED = new AtomicBoolean();

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;
  private static WireMockServer airflow;
  private static PGSimpleDataSource database;
  private static GatewayWaits waits;
  private static AirflowEventBridge bridge;
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
    OrdersPipeline.define(gateway, "asset_raw", DAILY, "asset_pipeline.daily_amounts");
    waits.settled();

    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(10).willReturn(okJson(page(List.of(), 0))));
    airflow.stubFor(get(urlPathEqualTo("/api/v2/assets")).withQueryParam("uri_pattern", equalTo(DAILY_URI))
        .willReturn(okJson(assets(asset(DAILY_ASSET_ID, DAILY_URI)))));
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).withQueryParam("asset_id", equalTo(String.valueOf(DAILY_ASSET_ID)))
        .willReturn(okJson(page(List.of(), 0))));

    LegacyDag report = OrdersPipeline.report(DAILY_URI);
    AirflowConnection connection = AirflowConnection.of(URI.create(airflow.baseUrl()), AirflowVersion.AIRFLOW_3,
        new Authentication.Bearer(TOKEN)).withLimits(2, 2, 10);
    receivedBefore = waits.scalar("SELECT coalesce(max(received_id), 0) FROM airflow_received_events");
    outboxBefore = waits.scalar("SELECT coalesce(max(outbox_id), 0) FROM airflow_outbox");
    long committed = waits.scalar("SELECT coalesce(max(event_id), 0) FROM snapshot_events");
    bridge = new AirflowEventBridge(
        BridgeConfig.fromYaml(true, Duration.ofMillis(300), null, null, null, Duration.ofMillis(500), Duration.ofSeconds(1)),
        Bridges.live(connection), dataflow, database, () -> REPORT_IMPORTED.get() ? List.of(report) : List.of());
    bridge.start();
    // the reporting DAG is imported once the bridge has read the commits of the set-up
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
  void assetEventsOfAirflow3StartDataflowWorkAndTheDataflowsCommitsBecomeAssetEvents() throws Exception {
    airflow.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(okJson(createdEvent())));
    airflow.stubFor(get(urlPathMatching("/api/v2/dags/orders_ingest/dagRuns/.+")).willReturn(okJson(dagRun("orders_ingest",
        "scheduled__2024-01-11T00:00:00+00:00", "2024-01-11T00:00:00+00:00"))));
    Set<String> before = OrdersPipeline.runIds(dataflow, DAILY);

    // the ingestion DAG's run of 2024-01-11 commits through the gateway's catalog, then Airflow records its
    // asset event (no extra: the partition is the run's logical date); an API-made event names 2024-01-12
    gateway.trinoExecute("INSERT INTO iceberg.asset_raw.orders VALUES (5, 2.75, DATE '2024-01-11')");
    waits.settled();
    Instant now = Instant.now();
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(2).withQueryParam("offset", equalTo("0")).willReturn(okJson(page(List.of(
        event(11, 4, "s3://lake/exports/orders.csv", JSON.createObjectNode(), "exports", now.minusSeconds(2)),
        event(12, RAW_ASSET_ID, RAW_URI, JSON.createObjectNode(), "orders_ingest", now)), 3))));
    ObjectNode named = JSON.createObjectNode();
    named.putArray("partitions").add("day=2024-01-12");
    named.put("from_rest_api", true);
    airflow.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(2).withQueryParam("offset", equalTo("2")).willReturn(okJson(page(List.of(
        event(13, RAW_ASSET_ID, RAW_URI, named, null, now.plusSeconds(1))), 3))));

    waits.until("the three asset events handled", () -> waits.scalar("SELECT count(*) FROM airflow_received_events WHERE received_id > "
        + receivedBefore) == 3);
    waits.settled();

    assertThat(OrdersPipeline.received(database, receivedBefore)).containsExactly(
        "s3://lake/exports/orders.csv IGNORED null null",
        RAW_URI + " COVERED LOGICAL_DATE {2024-01-11}",
        RAW_URI + " STARTED EXTRA {2024-01-12}");
    List<RunRecord> runs = OrdersPipeline.runsSince(dataflow, DAILY, before);
    assertThat(runs).extracting(r -> String.join(",", r.partitions()))
        .as("2024-01-11 once, for its commit; 2024-01-12 once, for the asset event")
        .containsExactlyInAnyOrder("2024-01-11", "2024-01-12");
    assertThat(runs).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunRecord.State.SUCCEEDED));
    assertThat(dataflow.partitions(DatasetId.of(DAILY)).values())
        .allSatisfy(p -> assertThat(p.state()).isInstanceOf(PartitionState.Fresh.class));
    gateway.assertSameRows("iceberg." + DAILY, "day, total, orders",
        "SELECT day, CAST(SUM(amount) AS DECIMAL(18,2)), COUNT(*) FROM iceberg.asset_raw.orders GROUP BY day");

    // Airflow 3's side of the reads: pages by limit and offset, after a time, oldest first, with the token
    List<LoggedRequest> reads = airflow.getAllServeEvents().stream().map(ServeEvent::getRequest)
        .filter(r -> r.getMethod().getName().equals("GET") && r.getUrl().startsWith(EVENTS + "?")).toList();
    assertThat(reads).isNotEmpty().allSatisfy(r -> {
      assertThat(r.queryParameter("limit").firstValue()).isEqualTo("2");
      assertThat(r.queryParameter("order_by").firstValue()).isEqualTo("timestamp");
      assertThat(r.queryParameter("timestamp_gt").isPresent()).as(r.getUrl()).isTrue();
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    });
    assertThat(reads).extracting(r -> r.queryParameter("offset").firstValue()).contains("0", "2");

    // each of the two commits is one asset event of daily_amounts, posted by asset id with the extra only
    waits.until("two asset events posted", () -> OrdersPipeline.posts(airflow, EVENTS).size() == 2);
    Map<String, RunRecord> byPartition = runs.stream().collect(Collectors.toMap(r -> r.partitions().getFirst(), r -> r));
    for (ServeEvent post : OrdersPipeline.posts(airflow, EVENTS)) {
      assertThat(post.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
      JsonNode body = read(post.getRequest().getBodyAsString());
      List<String> fields = new ArrayList<>();
      body.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).as("CreateAssetEventsBody allows no other property").containsExactlyInAnyOrder("asset_id", "extra");
      assertThat(body.path("asset_id").asInt()).isEqualTo(DAILY_ASSET_ID);
      RunRecord run = byPartition.get(body.path("extra").path("partitions").get(0).asText());
      assertThat(run).as(body.toString()).isNotNull();
      assertThat(body.path("extra").path("partitions")).hasSize(1);
      assertThat(body.path("extra").path("gateway_run_id").asText()).isEqualTo(run.runId());
      assertThat(body.path("extra").path("snapshot_id").asLong()).isEqualTo(run.snapshotId().orElseThrow());
      assertThat(body.path("extra").path("dataflow_gateway").asBoolean()).isTrue();
    }
    assertThat(waits.scalar("SELECT count(*) FROM airflow_outbox WHERE outbox_id > " + outboxBefore + " AND state = 'SENT' AND attempts = 1"))
        .isEqualTo(2);
  }

  // ---- Airflow 3's answers, as its specification shapes them ---------------------------------

  private static String page(List<ObjectNode> events, int total) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("asset_events");
    events.forEach(items::add);
    page.put("total_entries", total);
    return page.toString();
  }

  /** An {@code AssetEventResponse}. */
  private static ObjectNode event(int id, int assetId, String uri, ObjectNode extra, String sourceDag, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", id);
    e.put("asset_id", assetId);
    e.put("uri", uri);
    e.put("name", uri);
    e.put("group", "asset");
    e.set("extra", extra);
    e.put("source_task_id", sourceDag == null ? null : "load");
    e.put("source_dag_id", sourceDag);
    e.put("source_run_id", sourceDag == null ? null : "scheduled__2024-01-11T00:00:00+00:00");
    e.put("source_map_index", -1);
    e.putArray("created_dagruns");
    e.put("timestamp", AIRFLOW_TIME.format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
    e.putNull("partition_key");
    return e;
  }

  private static String createdEvent() {
    return event(99, DAILY_ASSET_ID, DAILY_URI, JSON.createObjectNode().put("from_rest_api", true), null, Instant.now()).toString();
  }

  /** An {@code AssetResponse}. */
  private static ObjectNode asset(int id, String uri) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", id);
    a.put("name", uri);
    a.put("uri", uri);
    a.put("group", "asset");
    a.putObject("extra");
    a.put("created_at", "2024-01-01T00:05:00+00:00");
    a.put("updated_at", "2024-01-13T06:00:12.345000+00:00");
    a.putArray("scheduled_dags").addObject().put("dag_id", "orders_report").put("created_at", "2024-01-01T00:05:00+00:00")
        .put("updated_at", "2024-01-01T00:05:00+00:00");
    a.putArray("producing_tasks");
    a.putArray("consuming_tasks");
    a.putArray("aliases");
    a.putArray("watchers");
    a.putNull("last_asset_event");
    return a;
  }

  private static String assets(ObjectNode... assets) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("assets");
    for (ObjectNode a : assets) {
      items.add(a);
    }
    page.put("total_entries", assets.length);
    return page.toString();
  }

  /** A {@code DAGRunResponse}, as the fixtures of {@code airflow/v2} have it. */
  private static String dagRun(String dagId, String runId, String logicalDate) {
    ObjectNode run = (ObjectNode) read(EcommerceAirflow.text("v2/dags/ecommerce_daily/dagRuns.json")).path("dag_runs").get(0).deepCopy();
    run.put("dag_id", dagId);
    run.put("dag_display_name", dagId);
    run.put("dag_run_id", runId);
    run.put("logical_date", logicalDate);
    run.put("data_interval_start", logicalDate);
    ((ObjectNode) run.path("dag_versions").get(0)).put("dag_id", dagId).put("dag_display_name", dagId);
    return run.toString();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
