package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.server.cli.AirflowStub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A gateway run as its own process by a test, on a database of its own in the shared PostgreSQL, with
 * its catalog served on {@link SharedGateway#SECOND_GATEWAY_PORT}, which the shared Trino reads as
 * {@link SharedGateway#SECOND_GATEWAY_CATALOG}: tables the test creates there are the child's tables.
 */
final class ChildGateway {

  static final String CATALOG = SharedGateway.SECOND_GATEWAY_CATALOG;

  /** The output tables of the e-commerce DAG, as a migrate request gives them. */
  static final String ECOMMERCE_TABLES = """
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

  final SharedGateway shared;
  final Path home;
  final int port;
  final int adminPort;
  final Path config;
  final String databaseUrl;

  private ChildGateway(SharedGateway shared, Path home, int adminPort, Path config, String databaseUrl) {
    this.shared = shared;
    this.home = home;
    this.port = SharedGateway.SECOND_GATEWAY_PORT;
    this.adminPort = adminPort;
    this.config = config;
    this.databaseUrl = databaseUrl;
  }

  /**
   * A new child gateway on a fresh database {@code database}, running its tasks through
   * {@code trinoJdbcUrl} (the shared Trino, or a way to it), retrying failed tasks after a second.
   */
  static ChildGateway create(String database, String trinoJdbcUrl) throws IOException, SQLException {
    SharedGateway shared = SharedGateway.get();
    try (Connection postgres = shared.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database);
      sql.execute("CREATE DATABASE " + database);
    }
    Path home = Files.createTempDirectory("gateway-" + database + "-");
    int adminPort = Ports.free();
    String sharedDatabase = shared.databaseUrl();
    String databaseUrl = sharedDatabase.substring(0, sharedDatabase.lastIndexOf('/') + 1) + database;
    Path config = home.resolve("config.yml");
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
        """ + SharedGateway.authYaml()).formatted(home.resolve("data"), databaseUrl, trinoJdbcUrl, CATALOG,
        SharedGateway.SECOND_GATEWAY_PORT, adminPort));
    return new ChildGateway(shared, home, adminPort, config, databaseUrl);
  }

  /** Starts the gateway process, its output in {@code logName} under its home, and waits until it is healthy. */
  GatewayProcess start(String logName) throws Exception {
    GatewayProcess gateway = GatewayProcess.start(config, home.resolve(logName), adminPort, List.of());
    try {
      gateway.awaitHealthy(Duration.ofMinutes(3));
      return gateway;
    } catch (Exception | AssertionError e) {
      gateway.close();
      throw e;
    }
  }

  /** Creates {@code raw.transactions} in the child's catalog with {@code days} days of tpch orders from 2024-01-01. */
  void createTransactions(int days) throws SQLException {
    shared.trinoExecute(
        "CREATE SCHEMA " + CATALOG + ".raw",
        "CREATE TABLE " + CATALOG + ".raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
            + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO " + CATALOG + ".raw.transactions SELECT orderkey, custkey % 40, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % " + days + ") * INTERVAL '1' DAY FROM tpch.tiny.orders");
  }

  /** The e-commerce DAG as the export command writes it, read from a WireMock Airflow 2. */
  Path exportedAirflowSnapshot() throws Exception {
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

  /** The translation status of a task in a DAG answer, followed by its reason if any. */
  static String translation(JsonNode dag, String taskId) {
    for (JsonNode task : dag.path("tasks")) {
      if (task.path("taskId").asText().equals(taskId)) {
        return task.path("translation").asText() + task.path("reason").asText("");
      }
    }
    throw new AssertionError("No task " + taskId + " in " + dag);
  }

  /** Waits until no partition is stale, pending or running and every snapshot event was read, three times in a row. */
  void awaitSettled(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The dataflow did not settle within " + timeout);
      }
      boolean settled = scalar("SELECT count(*) FROM partition_states WHERE state IN ('STALE', 'PENDING', 'RUNNING')") == 0
          && scalar("SELECT count(*) FROM snapshot_events WHERE event_id > coalesce((SELECT last_event_id FROM event_cursors"
              + " WHERE subscriber = 'dataflow'), 0)") == 0
          && scalar("SELECT count(*) FROM partition_states") > 0;
      quiet = settled ? quiet + 1 : 0;
      Thread.sleep(500);
    }
  }

  /** The one value {@code sql} answers on the child's database. */
  long scalar(String sql) throws SQLException {
    try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
