package io.dataflow.gateway.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventBus;
import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One gateway for the whole integration test run, with its embedded PostgreSQL and its embedded
 * Trino (about 20 s to start), shared by every test class in this JVM and stopped at exit.
 */
final class SharedGateway {

  private static SharedGateway instance;

  private final DropwizardTestSupport<GatewayConfiguration> support;
  private final Path dataDirectory;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  /** Every event delivered to the in-process subscriber of this run, in delivery order. */
  static final List<RecordedEvent> DELIVERED = new CopyOnWriteArrayList<>();

  /** The gateway with a recording subscriber beside the default one. */
  public static final class RecordingApplication extends GatewayApplication {
    @Override
    protected void subscribe(SnapshotEventBus bus) {
      super.subscribe(bus);
      bus.subscribe("test-recorder", DELIVERED::add);
    }
  }

  private SharedGateway() throws Exception {
    // A fixed place, so that a run killed half-way leaves orphans the next run finds and stops.
    dataDirectory = Path.of("target", "it-gateway").toAbsolutePath();
    stopLeftovers(dataDirectory);
    deleteRecursively(dataDirectory);
    Files.createDirectories(dataDirectory);
    support =
        new DropwizardTestSupport<>(
            RecordingApplication.class,
            ResourceHelpers.resourceFilePath("it-config.yml"),
            ConfigOverride.config("dataDirectory", dataDirectory.toString()),
            ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(Ports.free())),
            ConfigOverride.config("server.adminConnectors[0].port", String.valueOf(Ports.free())),
            ConfigOverride.config("trino.embedded.port", "0"));
    support.before();
  }

  /** Stops a Trino and a PostgreSQL that an interrupted earlier run left behind. */
  private static void stopLeftovers(Path directory) {
    for (Path pidFile : List.of(directory.resolve("trino/trino.pid"), directory.resolve("postgres/postmaster.pid"))) {
      try {
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        ProcessHandle.of(pid).ifPresent(process -> {
          process.destroy();
          process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> {
            process.destroyForcibly();
            return process;
          }).join();
        });
      } catch (IOException | RuntimeException e) {
        // no pid file, or nothing left running
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  static synchronized SharedGateway get() {
    if (instance == null) {
      try {
        instance = new SharedGateway();
      } catch (Exception e) {
        throw new IllegalStateException("The gateway under test did not start", e);
      }
    }
    return instance;
  }

  static synchronized void stopIfStarted() {
    if (instance != null) {
      instance.support.after();
      instance = null;
    }
  }

  int port() {
    return support.getLocalPort();
  }

  int adminPort() {
    return support.getAdminPort();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The dataflow of the gateway under test. */
  DataflowRuntime dataflow() {
    return support.<GatewayApplication>getApplication().dataflow();
  }

  String catalogUri() {
    return "http://127.0.0.1:" + port() + "/iceberg";
  }

  JsonNode runtime() {
    return getJson("/api/v1/runtime");
  }

  String trinoJdbcUrl() {
    return runtime().path("trinoJdbcUrl").asText();
  }

  /** The database URL of the embedded PostgreSQL, for a second database on the same server. */
  String databaseUrl() {
    return runtime().path("databaseUrl").asText();
  }

  Connection trino() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "it");
    return DriverManager.getConnection(trinoJdbcUrl(), properties);
  }

  Connection postgres(String database) throws SQLException {
    String url = databaseUrl();
    url = url.substring(0, url.lastIndexOf('/') + 1) + database;
    return DriverManager.getConnection(url, "postgres", "");
  }

  void trinoExecute(String... statements) throws SQLException {
    try (Connection connection = trino(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  JsonNode getJson(String path) {
    return getJson(port(), path);
  }

  HttpResponse<String> get(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(int port, String path, String json) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode getJson(int port, String path) {
    HttpResponse<String> response = get(port, path);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
