package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.server.cli.AirflowStub;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e-commerce DAG imported from (a WireMock) Airflow and migrated through the REST API into a
 * gateway running as its own process, which is killed with SIGKILL while the cascade computing
 * thirty days runs on Trino. After a restart the cascade completes: every partition is fresh, the
 * tables equal a from-scratch computation, no row is duplicated and no run is counted twice.
 */
class DataflowCrashIT {

  private static final String CATALOG = SharedGateway.SECOND_GATEWAY_CATALOG;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SharedGateway shared;
  private static Path home;
  private static int port;
  private static int adminPort;
  private static Path config;
  private static String databaseUrl;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    try (Connection postgres = shared.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS dataflow_crash_it");
      sql.execute("CREATE DATABASE dataflow_crash_it");
    }
    home = Files.createTempDirectory("gateway-dataflow-crash-");
    port = SharedGateway.SECOND_GATEWAY_PORT;
    adminPort = Ports.free();
    String sharedDatabase = shared.databaseUrl();
    databaseUrl = sharedDatabase.substring(0, sharedDatabase.lastIndexOf('/') + 1) + "dataflow_crash_it";
    config = home.resolve("config.yml");
    // The gateway under test uses the shared Trino, which reads its catalog as "second_gateway".
    Files.writeString(config, ("""
        dataDirectory: %s
        database:
          url: %s
          user: postgres
        trino:
          jdbcUrl: %s
        dataflow:
          trinoCatalog: %s
          retryInitialDelay: PT1S
          retryMaxDelay: PT2S
        server:
          applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          requestLog: {appenders: []}
        logging:
          level: WARN
          loggers:
            io.dataflow.gateway: INFO
        """ + SharedGateway.authYaml()).formatted(home.resolve("data"), databaseUrl, DataflowCrashIT.shared.trinoJdbcUrl(), CATALOG, port, adminPort));
  }

  @Test
  void aGatewayKilledDuringTheCascadeCompletesItAfterRestartWithoutDuplicates() throws Exception {
    Path snapshot = exportedAirflowSnapshot();
    try (GatewayProcess gateway = GatewayProcess.start(config, home.resolve("first.log"), adminPort, List.of())) {
      gateway.awaitHealthy(Duration.ofMinutes(3));
      shared.trinoExecute(
          "CREATE SCHEMA " + CATALOG + ".raw",
          "CREATE TABLE " + CATALOG + ".raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
              + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])",
          "INSERT INTO " + CATALOG + ".raw.transactions SELECT orderkey, custkey % 40, CAST(totalprice AS DECIMAL(12,2)),"
              + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % 30) * INTERVAL '1' DAY FROM tpch.tiny.orders");

      HttpResponse<String> imported = shared.post(port, "/api/v1/imports", "{\"snapshot\": \"" + snapshot + "\"}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      assertThat(JSON.readTree(imported.body()).path("dags").findValuesAsText("outcome")).containsOnly("new");

      HttpResponse<String> migrated = shared.post(port, "/api/v1/dags/ecommerce_daily/migrate", MIGRATE);
      assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
      JsonNode dag = JSON.readTree(migrated.body());
      assertThat(translation(dag, "daily_customer_totals")).isEqualTo("translated");
      assertThat(translation(dag, "weekly_customer_totals")).isEqualTo("translated");
      assertThat(translation(dag, "customer_lifetime_value")).isEqualTo("translated");

      // kill it while a task is running on Trino, after the first commits of the cascade
      awaitRunning(1);
      gateway.kill();
    }
    long runningAtKill = scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'");
    assertThat(runningAtKill).as("a run was under way when the gateway died").isPositive();

    try (GatewayProcess gateway = GatewayProcess.start(config, home.resolve("restart.log"), adminPort, List.of())) {
      gateway.awaitHealthy(Duration.ofMinutes(3));
      awaitSettled(Duration.ofMinutes(6));

      assertThat(scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'")).isZero();
      assertThat(scalar("SELECT count(*) FROM partition_states WHERE state <> 'FRESH'")).isZero();
      assertThat(scalar("SELECT count(*) FROM partition_states WHERE dataset = 'analytics.weekly_customer_totals'")).isEqualTo(30);
      for (String table : List.of("daily_customer_totals", "weekly_customer_totals", "week_over_week")) {
        assertThat(shared.trinoLong("SELECT count(*) - count(DISTINCT (customer_id, day)) FROM " + CATALOG + ".analytics." + table))
            .as("duplicated rows in " + table).isZero();
      }
      String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM " + CATALOG
          + ".raw.transactions GROUP BY customer_id, day";
      shared.assertSameRows(CATALOG + ".analytics.daily_customer_totals", "customer_id, day, total, txn_count", daily);
      shared.assertSameRows(CATALOG + ".analytics.weekly_customer_totals", "customer_id, day, total_7d",
          "SELECT t.customer_id, d.day, sum(t.total) FROM (" + daily + ") t JOIN (SELECT DISTINCT day FROM " + CATALOG
              + ".raw.transactions) d ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day GROUP BY t.customer_id, d.day");
      shared.assertSameRows(CATALOG + ".analytics.customer_lifetime_value", "customer_id, lifetime_total, first_day, last_day",
          "SELECT customer_id, sum(total), min(day), max(day) FROM (" + daily + ") GROUP BY customer_id");
      assertThat(gateway.log()).as("the interrupted run was settled from the table history")
          .containsAnyOf("committed snapshot", "had not committed when the gateway stopped");
    }
  }

  private static final String MIGRATE = """
      {"tables": [
        {"name": "analytics.daily_customer_totals", "partitionColumns": ["day"], "columns": [
          {"name": "customer_id", "type": "BIGINT"}, {"name": "day", "type": "DATE"},
          {"name": "total", "type": "DECIMAL(18,2)"}, {"name": "txn_count", "type": "BIGINT"}]},
        {"name": "analytics.weekly_customer_totals", "partitionColumns": ["day"], "columns": [
          {"name": "customer_id", "type": "BIGINT"}, {"name": "day", "type": "DATE"}, {"name": "total_7d", "type": "DECIMAL(18,2)"}]},
        {"name": "analytics.week_over_week", "partitionColumns": ["day"], "columns": [
          {"name": "customer_id", "type": "BIGINT"}, {"name": "day", "type": "DATE"}, {"name": "total_7d", "type": "DECIMAL(18,2)"},
          {"name": "prev_total_7d", "type": "DECIMAL(18,2)"}, {"name": "change", "type": "DECIMAL(18,2)"}]},
        {"name": "analytics.customer_lifetime_value", "columns": [
          {"name": "customer_id", "type": "BIGINT"}, {"name": "lifetime_total", "type": "DECIMAL(18,2)"},
          {"name": "first_day", "type": "DATE"}, {"name": "last_day", "type": "DATE"}]}
      ]}""";

  /** The e-commerce DAG as the export command writes it, read from a WireMock Airflow 2. */
  private static Path exportedAirflowSnapshot() throws Exception {
    WireMockServer airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    try {
      AirflowStub.serveV1(airflow, "ecommerce_daily");
      Path directory = home.resolve("snapshot");
      Importers.live(AirflowConnection.of(URI.create(airflow.baseUrl()), AirflowVersion.AIRFLOW_2, new Authentication.Anonymous()))
          .export(DagFilter.ALL, directory);
      return directory;
    } finally {
      airflow.stop();
    }
  }

  private static String translation(JsonNode dag, String taskId) {
    for (JsonNode task : dag.path("tasks")) {
      if (task.path("taskId").asText().equals(taskId)) {
        return task.path("translation").asText() + task.path("reason").asText("");
      }
    }
    throw new AssertionError("No task " + taskId + " in " + dag);
  }

  private static void awaitRunning(int committedAtLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      if (scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'SUCCEEDED'") >= committedAtLeast
          && scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'") > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("No run was under way after " + committedAtLeast + " committed");
  }

  private static void awaitSettled(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The cascade did not complete after the restart within " + timeout);
      }
      boolean settled = scalar("SELECT count(*) FROM partition_states WHERE state IN ('STALE', 'PENDING', 'RUNNING')") == 0
          && scalar("SELECT count(*) FROM snapshot_events WHERE event_id > coalesce((SELECT last_event_id FROM event_cursors"
              + " WHERE subscriber = 'dataflow'), 0)") == 0
          && scalar("SELECT count(*) FROM partition_states") > 0;
      quiet = settled ? quiet + 1 : 0;
      Thread.sleep(500);
    }
  }

  private static long scalar(String sql) throws SQLException {
    try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
