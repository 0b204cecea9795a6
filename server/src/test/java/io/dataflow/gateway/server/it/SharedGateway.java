package io.dataflow.gateway.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventBus;
import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.guides.GuideExamples;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.StringReader;
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

  /**
   * The admin token of this run, given to the gateway as a bootstrap token ({@code auth} in
   * it-config.yml) and sent with every request of this class's helpers; gateways that tests start
   * as processes get it too ({@link #authYaml()}).
   */
  static final String ADMIN_TOKEN = "it-admin-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID();

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
    Leftovers.stop(dataDirectory);
    Leftovers.deleteRecursively(dataDirectory);
    Files.createDirectories(dataDirectory);
    support =
        new DropwizardTestSupport<>(
            RecordingApplication.class,
            configWithSecondGateway(dataDirectory).toString(),
            ConfigOverride.config("dataDirectory", dataDirectory.toString()),
            ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(PORT)),
            ConfigOverride.config("server.adminConnectors[0].port", String.valueOf(Ports.free())),
            ConfigOverride.config("trino.embedded.port", "0"),
            ConfigOverride.config("auth.bootstrapTokens[0].token", ADMIN_TOKEN));
    support.before();
  }

  /**
   * The port a second gateway under test (a child process) listens on; the shared Trino reads that
   * gateway's catalog as {@value #SECOND_GATEWAY_CATALOG}.
   */
  static final int SECOND_GATEWAY_PORT = Ports.free();

  /** The port of the gateway under test, chosen before it starts so that its Trino can be given catalogs pointing at it. */
  private static final int PORT = Ports.free();

  /**
   * The catalog of the shared Trino that connecting-engines.md tells users to add, with the gateway's
   * URI and a token of this run in place of the guide's placeholders.
   */
  static final String GUIDE_TRINO_CATALOG = "guide_trino";

  static final String SECOND_GATEWAY_CATALOG = "second_gateway";

  /** {@code it-config.yml} with the embedded Trino's catalogs of the second gateway and of the guide. */
  private static Path configWithSecondGateway(Path dataDirectory) throws IOException {
    Path config = dataDirectory.resolve("it-config.yml");
    Files.writeString(config, Files.readString(Path.of(ResourceHelpers.resourceFilePath("it-config.yml"))) + """

        embeddedTrinoCatalogs:
          %s:
            connector.name: iceberg
            iceberg.catalog.type: rest
            iceberg.rest-catalog.uri: http://127.0.0.1:%d/iceberg
            iceberg.rest-catalog.security: OAUTH2
            iceberg.rest-catalog.oauth2.token: %s
            fs.native-local.enabled: "true"
            local.location: /
        """.formatted(SECOND_GATEWAY_CATALOG, SECOND_GATEWAY_PORT, ADMIN_TOKEN) + guideTrinoCatalog());
    return config;
  }

  /**
   * The Trino catalog of connecting-engines.md, as a catalog of {@code embeddedTrinoCatalogs}: the keys
   * its check names, with this gateway's catalog URI and the run's token for the placeholders, and the
   * local file system of this machine's warehouse in place of the guide's object storage.
   */
  private static String guideTrinoCatalog() throws IOException {
    GuideExamples.Example example = GuideExamples.read(GuideExamples.directory()).of(GuideExamples.Kind.PROPERTIES).stream()
        .filter(e -> e.guide().equals("connecting-engines.md") && e.body().contains("connector.name"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("connecting-engines.md has no Trino catalog example"));
    Properties properties = new Properties();
    properties.load(new StringReader(example.body()));
    StringBuilder yaml = new StringBuilder("  " + GUIDE_TRINO_CATALOG + ":\n");
    for (String key : example.arguments()) {
      String value = key.endsWith(".uri") ? "http://127.0.0.1:" + PORT + "/iceberg"
          : key.endsWith(".token") ? ADMIN_TOKEN
          : properties.getProperty(key);
      yaml.append("    ").append(key).append(": \"").append(value).append("\"\n");
    }
    return yaml.append("    fs.native-local.enabled: \"true\"\n    local.location: /\n").toString();
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

  /** Every class the gateway under test registered with Jersey, to compare with the API description. */
  java.util.Set<Class<?>> jerseyClasses() {
    var jersey = support.getEnvironment().jersey().getResourceConfig();
    java.util.Set<Class<?>> classes = new java.util.HashSet<>(jersey.getClasses());
    jersey.getInstances().forEach(instance -> classes.add(instance.getClass()));
    return classes;
  }

  /** The dataflow of the gateway under test. */
  /** The in-process gateway's Quartz fallback. */
  io.dataflow.gateway.server.fallback.FallbackScheduler fallback() {
    return support.<GatewayApplication>getApplication().fallback();
  }

  /** The in-process gateway's imported DAGs and their migration. */
  io.dataflow.gateway.server.migration.DagService dags() {
    return support.<GatewayApplication>getApplication().dags();
  }

  DataflowRuntime dataflow() {
    return support.<GatewayApplication>getApplication().dataflow();
  }

  /** The {@code auth} section that makes a gateway started by a test accept {@link #ADMIN_TOKEN}. */
  static String authYaml() {
    return """
        auth:
          bootstrapTokens: [{name: it-admin, role: admin, token: %s}]
        """.formatted(ADMIN_TOKEN);
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

  /** The first column of the first row of {@code sql}, run on the shared Trino: a count, say. */
  long trinoLong(String sql) throws SQLException {
    try (Connection connection = trino(); Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Asserts that {@code columns} of {@code table} hold exactly the rows of {@code expected}, counting
   * duplicates (EXCEPT ALL both ways on the shared Trino).
   */
  void assertSameRows(String table, String columns, String expected) throws SQLException {
    String actual = "SELECT " + columns + " FROM " + table;
    org.assertj.core.api.Assertions.assertThat(trinoLong("SELECT count(*) FROM ((" + actual + ") EXCEPT ALL (" + expected + "))"))
        .as(table + " rows not expected").isZero();
    org.assertj.core.api.Assertions.assertThat(trinoLong("SELECT count(*) FROM ((" + expected + ") EXCEPT ALL (" + actual + "))"))
        .as(table + " rows missing").isZero();
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
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
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
              .header("Authorization", "Bearer " + ADMIN_TOKEN)
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
