package io.dataflow.gateway.server.bench;

import io.dataflow.gateway.server.it.Leftovers;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The gateway under benchmark, in this JVM: its own data directory ({@code server/target/bench-gateway}),
 * its own embedded PostgreSQL and embedded Trino on free ports, so that it never meets the gateway
 * the integration tests share. Its log goes to {@code gateway.log} in the data directory, leaving
 * standard output to the report.
 */
final class BenchGateway implements AutoCloseable {

  private static final Duration SETTLE_POLL = Duration.ofMillis(100);

  private final DropwizardTestSupport<GatewayConfiguration> support;
  private final Path dataDirectory;
  private final String token = "bench-" + UUID.randomUUID() + UUID.randomUUID();
  private final LogTimes logTimes = new LogTimes();
  private final String trinoJdbcUrl;
  private final String databaseUrl;

  private BenchGateway(Path dataDirectory, String trinoHeap, boolean trace) throws Exception {
    this.dataDirectory = dataDirectory;
    Leftovers.stop(dataDirectory);
    Leftovers.deleteRecursively(dataDirectory);
    Files.createDirectories(dataDirectory);
    Path config = dataDirectory.resolve("bench-config.yml");
    Files.writeString(config, configYaml(dataDirectory, trinoHeap, trace));
    support = new DropwizardTestSupport<>(
        GatewayApplication.class,
        config.toString(),
        ConfigOverride.config("dataDirectory", dataDirectory.toString()),
        ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(freePort())),
        ConfigOverride.config("server.adminConnectors[0].port", String.valueOf(freePort())),
        ConfigOverride.config("trino.embedded.port", "0"),
        ConfigOverride.config("auth.bootstrapTokens[0].token", token));
    support.before();
    trinoJdbcUrl = runtimeValue("trinoJdbcUrl");
    databaseUrl = runtimeValue("databaseUrl");
    logTimes.attach();
  }

  /** Starts a gateway in a fresh {@code dataDirectory}, stopping what an interrupted earlier run left there. */
  static BenchGateway start(Path dataDirectory, String trinoHeap, boolean trace) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    try {
      return new BenchGateway(dataDirectory.toAbsolutePath(), trinoHeap, trace);
    } catch (Exception e) {
      throw new IllegalStateException("The benchmark's gateway did not start in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Defaults of the gateway, except: a smaller Trino (others share the machine), the log in a file,
   * and when tracing every HTTP request with its duration in milliseconds in {@code requests.log}.
   */
  private static String configYaml(Path dataDirectory, String trinoHeap, boolean trace) {
    String requestLog = trace
        ? """
              appenders:
                - type: file
                  currentLogFilename: %s
                  archive: false
                  logFormat: '%%t{HH:mm:ss.SSS} "%%r" %%s %%D ms'
          """.formatted(dataDirectory.resolve("requests.log"))
        : """
              appenders: []
          """;
    return """
        trino:
          embedded:
            maxHeap: %s
            queryMaxMemory: 1GB
            queryMaxMemoryPerNode: 1GB
        server:
          applicationConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 0
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 0
          requestLog:
        %s
        logging:
          level: WARN
          loggers:
            io.dataflow.gateway: INFO
          appenders:
            - type: file
              currentLogFilename: %s
              archive: false
        auth:
          bootstrapTokens:
            - name: bench-admin
              role: admin
              token: replaced-at-start-by-the-benchmark-000000
        """.formatted(trinoHeap, requestLog.stripTrailing(), dataDirectory.resolve("gateway.log"));
  }

  DataflowRuntime dataflow() {
    return support.<GatewayApplication>getApplication().dataflow();
  }

  /** The port of the gateway's API. */
  int port() {
    return support.getLocalPort();
  }

  /** The admin token the gateway was given for this run. */
  String token() {
    return token;
  }

  LogTimes logTimes() {
    return logTimes;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The embedded Trino's JDBC URL, as the gateway reports it. */
  String trinoJdbcUrl() {
    return trinoJdbcUrl;
  }

  /** The embedded PostgreSQL's JDBC URL of the gateway's database. */
  String databaseUrl() {
    return databaseUrl;
  }

  private String runtimeValue(String field) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.getLocalPort() + "/api/v1/runtime"))
        .header("Authorization", "Bearer " + token).GET().build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /api/v1/runtime answered " + response.statusCode() + ": " + response.body());
      }
      String value = support.getEnvironment().getObjectMapper().readTree(response.body()).path(field).asText("");
      if (value.isEmpty()) {
        throw new IllegalStateException("The gateway's runtime description has no " + field + ": " + response.body());
      }
      return value;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the gateway's runtime description: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the gateway's runtime description", e);
    }
  }

  Connection trino() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "bench");
    return DriverManager.getConnection(trinoJdbcUrl(), properties);
  }

  Connection postgres() throws SQLException {
    return DriverManager.getConnection(databaseUrl(), "postgres", "");
  }

  /** From now on, PostgreSQL logs every statement with its duration and its time to the millisecond. */
  void tracePostgres() throws SQLException {
    try (Connection db = postgres(); Statement sql = db.createStatement()) {
      sql.execute("ALTER SYSTEM SET log_min_duration_statement = 0");
      sql.execute("ALTER SYSTEM SET log_line_prefix = '%m [%p] '");
      sql.execute("SELECT pg_reload_conf()");
    }
  }

  void trinoExecute(String... statements) throws SQLException {
    try (Connection connection = trino(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  long trinoCount(String sql) throws SQLException {
    try (Connection connection = trino(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("No row from: " + sql);
      }
      return rs.getLong(1);
    }
  }

  /**
   * Waits until every recorded snapshot event reached the dataflow and nothing is stale, pending or
   * running, three polls in a row.
   *
   * @throws IllegalStateException if that takes longer than {@code limit}
   */
  void awaitSettled(Duration limit) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      // waiting first: a check right after a commit would compete with the gateway's reaction to it
      TimeUnit.NANOSECONDS.sleep(SETTLE_POLL.toNanos());
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The dataflow did not settle within " + limit + "; latest runs: "
            + dataflow().runs(Optional.empty(), Optional.empty(), 5));
      }
      quiet = allEventsDelivered() && dataflow().isIdle() ? quiet + 1 : 0;
    }
  }

  private boolean allEventsDelivered() throws SQLException {
    try (Connection db = postgres(); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT (SELECT coalesce(max(event_id), 0) FROM snapshot_events)"
            + " <= (SELECT coalesce(max(last_event_id), 0) FROM event_cursors WHERE subscriber = 'dataflow')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Override
  public void close() {
    logTimes.detach();
    support.after();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

}
