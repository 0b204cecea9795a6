package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.server.cli.AirflowStub;
import io.dataflow.gateway.server.demo.Demo;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A gateway run as its own process by a test, from a configuration file in a temporary home of its
 * own: by default on a database of its own in the shared PostgreSQL, with the shared Trino as its
 * cluster. One that {@linkplain Builder#servingCatalog() serves its catalog} does so on
 * {@link SharedGateway#SECOND_GATEWAY_PORT}, which the shared Trino reads as
 * {@link SharedGateway#SECOND_GATEWAY_CATALOG}: tables the test creates there are the child's tables.
 */
final class ChildGateway {

  static final String CATALOG = SharedGateway.SECOND_GATEWAY_CATALOG;

  /** The output tables of the e-commerce DAG, as a migrate request gives them. */
  static final String ECOMMERCE_TABLES = Demo.TABLES;

  final SharedGateway shared;
  final Path home;
  final int port;
  final int adminPort;
  final Path config;
  private final Optional<String> databaseUrl;
  private final Map<String, String> environment;

  private ChildGateway(SharedGateway shared, Path home, int port, int adminPort, Path config, Optional<String> databaseUrl,
      Map<String, String> environment) {
    this.shared = shared;
    this.home = home;
    this.port = port;
    this.adminPort = adminPort;
    this.config = config;
    this.databaseUrl = databaseUrl;
    this.environment = Map.copyOf(environment);
  }

  /**
   * A new child gateway on a fresh database {@code database}, serving its catalog to the shared Trino
   * and running its tasks through {@code trinoJdbcUrl} (the shared Trino, or a way to it), retrying
   * failed tasks after a second.
   */
  static ChildGateway create(String database, String trinoJdbcUrl) throws IOException, SQLException {
    return named(database).trino(trinoJdbcUrl).servingCatalog().fastRetries().create();
  }

  /**
   * A child gateway to configure: its home is a new temporary directory named after {@code name}, and
   * its database, unless {@linkplain Builder#embeddedDatabase() embedded}, is {@code name}, created afresh.
   */
  static Builder named(String name) {
    return new Builder(name);
  }

  /** What a child gateway's configuration says beyond the defaults of {@link ChildGateway#named}. */
  static final class Builder {
    private final String name;
    private boolean ownDatabase = true;
    private Optional<String> trinoJdbcUrl = Optional.empty();
    private boolean servingCatalog;
    private boolean fastRetries;
    private OptionalInt port = OptionalInt.empty();
    private Optional<Path> dataDirectory = Optional.empty();
    private Optional<String> requestLogAppenders = Optional.of("[]");
    private Optional<String> logging = Optional.of(loggingYaml("WARN", Map.of("io.dataflow.gateway", "INFO")));
    private String yaml = "";
    private Map<String, String> environment = Map.of();

    private Builder(String name) {
      this.name = requireNonNull(name, "name is null");
    }

    /** The gateway starts its own embedded PostgreSQL in its data directory. */
    Builder embeddedDatabase() {
      ownDatabase = false;
      return this;
    }

    /** The Trino the gateway runs its tasks on, instead of the shared one. */
    Builder trino(String jdbcUrl) {
      trinoJdbcUrl = Optional.of(jdbcUrl);
      return this;
    }

    /** The dataflow writes to {@link #CATALOG}, served on {@link SharedGateway#SECOND_GATEWAY_PORT}. */
    Builder servingCatalog() {
      servingCatalog = true;
      return this;
    }

    /** The dataflow retries a failed task after a second, then after two. */
    Builder fastRetries() {
      fastRetries = true;
      return this;
    }

    /** The application port, instead of a free one (or {@link SharedGateway#SECOND_GATEWAY_PORT}). */
    Builder port(int applicationPort) {
      port = OptionalInt.of(applicationPort);
      return this;
    }

    /** The data directory as the configuration names it (a relative one is the process's), instead of {@code data} in the home. */
    Builder dataDirectory(Path directory) {
      dataDirectory = Optional.of(directory);
      return this;
    }

    /** The request log's appenders, as YAML, instead of none. */
    Builder requestLogAppenders(String yaml) {
      requestLogAppenders = Optional.of(yaml);
      return this;
    }

    /** The root log level and the levels of some loggers, instead of WARN with the gateway's own at INFO. */
    Builder logging(String level, Map<String, String> loggers) {
      logging = Optional.of(loggingYaml(level, loggers));
      return this;
    }

    /** The request log and logging keep Dropwizard's defaults, as in a configuration that does not mention them. */
    Builder defaultLogging() {
      requestLogAppenders = Optional.empty();
      logging = Optional.empty();
      return this;
    }

    /** Further top-level sections of the configuration, as YAML. */
    Builder yaml(String sections) {
      yaml += sections.endsWith("\n") ? sections : sections + "\n";
      return this;
    }

    /** Variables added to the environment of every process of the gateway. */
    Builder environment(Map<String, String> variables) {
      environment = Map.copyOf(variables);
      return this;
    }

    /** Creates the home, the database if any and the configuration file; starts nothing. */
    ChildGateway create() throws IOException, SQLException {
      SharedGateway shared = SharedGateway.get();
      Optional<String> databaseUrl = Optional.empty();
      if (ownDatabase) {
        try (Connection postgres = shared.postgres("postgres"); Statement sql = postgres.createStatement()) {
          sql.execute("DROP DATABASE IF EXISTS " + name);
          sql.execute("CREATE DATABASE " + name);
        }
        String sharedDatabase = shared.databaseUrl();
        databaseUrl = Optional.of(sharedDatabase.substring(0, sharedDatabase.lastIndexOf('/') + 1) + name);
      }
      Path home = Files.createTempDirectory("gateway-" + name + "-");
      int applicationPort = port.orElseGet(() -> servingCatalog ? SharedGateway.SECOND_GATEWAY_PORT : Ports.free());
      int adminPort = Ports.free();
      StringBuilder yml = new StringBuilder();
      yml.append("dataDirectory: ").append(dataDirectory.orElse(home.resolve("data"))).append('\n');
      databaseUrl.ifPresent(url -> yml.append("database:\n  url: ").append(url).append("\n  user: postgres\n"));
      yml.append("trino:\n  jdbcUrl: ").append(trinoJdbcUrl.orElseGet(shared::trinoJdbcUrl)).append('\n');
      if (servingCatalog || fastRetries) {
        yml.append("dataflow:\n");
        if (servingCatalog) {
          yml.append("  trinoCatalog: ").append(CATALOG).append('\n');
        }
        if (fastRetries) {
          yml.append("  retryInitialDelay: PT1S\n  retryMaxDelay: PT2S\n");
        }
      }
      yml.append("""
          server:
            applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
            adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          """.formatted(applicationPort, adminPort));
      requestLogAppenders.ifPresent(appenders -> yml.append("  requestLog: {appenders: ").append(appenders).append("}\n"));
      logging.ifPresent(yml::append);
      yml.append(yaml).append(SharedGateway.authYaml());
      Path config = Files.writeString(home.resolve("config.yml"), yml);
      return new ChildGateway(shared, home, applicationPort, adminPort, config, databaseUrl, environment);
    }

    private static String loggingYaml(String level, Map<String, String> loggers) {
      StringBuilder yml = new StringBuilder("logging:\n  level: " + level + "\n  loggers:\n");
      loggers.forEach((logger, loggerLevel) -> yml.append("    ").append(logger).append(": ").append(loggerLevel).append('\n'));
      return yml.toString();
    }
  }

  /** Starts the gateway process, its output in {@code logName} under its home, and waits until it is healthy. */
  GatewayProcess start(String logName) throws Exception {
    return start(logName, List.of());
  }

  /** Starts the gateway process with {@code systemProperties} ({@code -Dname=value}) and waits until it is healthy. */
  GatewayProcess start(String logName, List<String> systemProperties) throws Exception {
    GatewayProcess gateway = launch(logName, systemProperties);
    try {
      gateway.awaitHealthy(Duration.ofMinutes(3));
      return gateway;
    } catch (Exception | AssertionError e) {
      gateway.close();
      throw e;
    }
  }

  /** Starts the gateway process, its output in {@code logName} under its home, without waiting for anything. */
  GatewayProcess launch(String logName) throws IOException {
    return launch(logName, List.of());
  }

  private GatewayProcess launch(String logName, List<String> systemProperties) throws IOException {
    return GatewayProcess.start(config, home.resolve(logName), adminPort, systemProperties, environment);
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
    try (Connection db = database();
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A new connection to the child's database in the shared PostgreSQL. */
  Connection database() throws SQLException {
    String url = databaseUrl.orElseThrow(() -> new IllegalStateException("The gateway in " + home + " has an embedded database"));
    return DriverManager.getConnection(url, "postgres", "");
  }
}
