package io.dataflow.gateway.server.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code export} run through Dropwizard's command line against WireMock standing in
 * for Airflow 2 and Airflow 3.
 */
class ImportExportCommandsTest {

  /** A password that must never be printed: looked for in everything the commands print and write. */
  private static final String SECRET = "pw-7Qx!zK2m";

  private final Launcher launcher = new Launcher(Map.of("AIRFLOW_PASSWORD", SECRET, "AIRFLOW_TOKEN", "tok-" + SECRET));

  @TempDir Path dir;

  private WireMockServer airflow;

  @BeforeEach
  void start() {
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
  }

  @AfterEach
  void stop() {
    airflow.stop();
  }

  private String url() {
    return airflow.baseUrl();
  }

  @Test
  void theLauncherHasTheImportAndExportCommands() {
    Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new GatewayApplication());
    new GatewayApplication().initialize(bootstrap);

    assertThat(bootstrap.getCommands()).extracting(Command::getName).contains("import", "export");
  }

  @Test
  void exportWritesASnapshotThatImportReadsWithoutNetwork() throws IOException {
    AirflowStub.serveV1(airflow);
    Path snapshot = dir.resolve("snapshot");

    Launcher.Run export = launcher.run("export", "--url", url(), "--airflow-version", "2",
        "--user", "admin", "--password-env", "AIRFLOW_PASSWORD", "--output", snapshot.toString());

    assertThat(export.succeeded()).as(export.err()).isTrue();
    assertThat(export.err()).isEmpty();
    assertThat(export.out()).startsWith("Exported 3 DAGs from Airflow 2 at " + url() + " to " + snapshot + ", 0 failed\n")
        .contains("  customer_segments\n  ecommerce_daily\n  ops_maintenance\n")
        .contains("import --snapshot " + snapshot);
    String basic = Base64.getEncoder().encodeToString(("admin:" + SECRET).getBytes(StandardCharsets.UTF_8));
    airflow.verify(getRequestedFor(urlPathEqualTo("/api/v1/dags")).withHeader("Authorization", equalTo("Basic " + basic)));
    airflow.stop();

    Path json = dir.resolve("out/dags.json");
    Launcher.Run imported = launcher.run("import", "--snapshot", snapshot.toString(), "--json", json.toString());

    assertThat(imported.succeeded()).as(imported.err()).isTrue();
    assertThat(imported.err()).isEmpty();
    assertThat(imported.out())
        .startsWith("Imported 3 DAGs from the snapshot " + snapshot + ", 0 failed\n")
        .contains("""

            customer_segments: 1 task (1 with SQL), schedule on updates of \
            trino://trino:8080/iceberg/analytics/daily_customer_totals
              refresh_segments (SQLExecuteQueryOperator): SQL de-rendered from 2 runs, confidence 0.50
            """)
        .contains("""

            ecommerce_daily: 5 tasks (4 with SQL), schedule @daily
              customer_lifetime_value (SQLExecuteQueryOperator): SQL from the DAG source
              daily_customer_totals (SQLExecuteQueryOperator): SQL from the DAG source
              week_over_week (SQLExecuteQueryOperator): SQL de-rendered from 3 runs, confidence 0.75
              weekly_customer_totals (SQLExecuteQueryOperator): SQL from the DAG source
            """)
        .containsPattern("\nops_maintenance \\(paused\\): \\d+ tasks, schedule cron 0 3 \\* \\* \\* \\(Europe/Paris\\)\n")
        .contains("SQL templates: 5 recovered (3 from the DAG source, 2 de-rendered from runs, 0 constant), 0 not recovered")
        .endsWith("Wrote the imported DAGs to " + json + "\n")
        .doesNotContain("Changes since");

    // the JSON is the imported model itself: it reads back to what the importer returns
    ModelJson.ImportedModel model = ModelJson.MAPPER.readValue(json.toFile(), ModelJson.ImportedModel.class);
    ImportResult expected = Importers.snapshot(snapshot).importDags(DagFilter.ALL);
    assertThat(model.dags()).isEqualTo(expected.dags());
    assertThat(model.failures()).isEmpty();
    assertThat(model.source()).isEqualTo("the snapshot " + snapshot);
    assertThat(model.importedAt()).isEqualTo(Launcher.NOW);
    JsonNode daily = ModelJson.MAPPER.readTree(json.toFile()).get("dags").get(1);
    assertThat(daily.get("dagId").asText()).isEqualTo("ecommerce_daily");
    assertThat(daily.get("schedule").toString()).isEqualTo("{\"type\":\"preset\",\"name\":\"@daily\"}");
    JsonNode wow = daily.get("tasks").get(3);
    assertThat(wow.get("taskId").asText()).isEqualTo("week_over_week");
    assertThat(wow.get("sql").get("type").asText()).isEqualTo("recovered");
    assertThat(wow.get("sql").get("origin").asText()).isEqualTo("DE_RENDERED");
    assertThat(wow.get("retryDelay").asText()).isEqualTo("PT5M");

    assertThat(export.printed() + imported.printed()).doesNotContain(SECRET);
    assertNotWrittenAnywhere(SECRET);
  }

  @Test
  void anAirflow3ImportComparedWithItsBaselineSaysWhatIsNewChangedUnchangedRemovedAndFailed() throws IOException {
    Path baseline = dir.resolve("baseline.json");
    String[] live = {"import", "--url", url(), "--airflow-version", "3", "--user", "admin",
        "--password-env", "AIRFLOW_PASSWORD", "--baseline", baseline.toString(), "--write-baseline", baseline.toString()};

    // 1. a first import of two DAGs writes the baseline
    AirflowStub.serveV2(airflow, "ecommerce_daily", "ops_maintenance");
    Launcher.Run first = launcher.run("import", "--url", url(), "--airflow-version", "3", "--user", "admin",
        "--password-env", "AIRFLOW_PASSWORD", "--write-baseline", baseline.toString());
    assertThat(first.succeeded()).as(first.err()).isTrue();
    assertThat(first.out()).startsWith("Imported 2 DAGs from Airflow 3 at " + url() + ", 0 failed\n")
        .doesNotContain("Changes since")
        .endsWith("\nWrote the baseline for the next import to " + baseline + "\n");
    airflow.verify(postRequestedFor(urlPathEqualTo("/auth/token"))
        .withRequestBody(equalToJson("{\"username\":\"admin\",\"password\":\"" + SECRET + "\"}")));

    // 2. a new DAG, a task whose retries changed, a DAG Airflow cannot find
    airflow.resetAll();
    AirflowStub.serveV2(airflow);
    JsonNode tasks = AirflowStub.json("v2/dags/ecommerce_daily/tasks.json");
    ((ObjectNode) tasks.get("tasks").get(1)).put("retries", 4.0);
    assertThat(tasks.get("tasks").get(1).get("task_id").asText()).isEqualTo("daily_customer_totals");
    AirflowStub.serve(airflow, "/api/v2/dags/ecommerce_daily/tasks", tasks.toString());
    AirflowStub.fail(airflow, "/api/v2/dags/ops_maintenance/details", 404, "v2/errors/404.json");
    Launcher.Run second = launcher.run(live);

    assertThat(second.succeeded()).as(second.err()).isTrue();
    assertThat(second.out())
        .startsWith("Imported 2 DAGs from Airflow 3 at " + url() + ", 1 failed\n")
        .contains("\nNot imported:\n  ops_maintenance: GET /api/v2/dags/ops_maintenance/details: ")
        .contains("""

            Changes since the baseline %s: 1 new, 1 changed, 0 unchanged, 0 removed, 1 failed
              new        customer_segments
              changed    ecommerce_daily: task daily_customer_totals (execution)
            """.formatted(baseline) + "  failed     ops_maintenance: GET /api/v2/dags/ops_maintenance/details: ")
        .contains("HTTP 404", "(kept in the baseline as it was)\n");

    // 3. back to the first two DAGs as they were: the failed one is unchanged, the new one removed
    airflow.resetAll();
    AirflowStub.serveV2(airflow, "ecommerce_daily", "ops_maintenance");
    Launcher.Run third = launcher.run(live);

    assertThat(third.succeeded()).as(third.err()).isTrue();
    assertThat(third.out()).contains("""

        Changes since the baseline %s: 0 new, 1 changed, 1 unchanged, 1 removed, 0 failed
          changed    ecommerce_daily: task daily_customer_totals (execution)
          removed    customer_segments

        Wrote the baseline for the next import to %s
        """.formatted(baseline, baseline));

    // 4. nothing changed since
    Launcher.Run fourth = launcher.run(live);
    assertThat(fourth.out()).contains("Changes since the baseline " + baseline
        + ": 0 new, 0 changed, 2 unchanged, 0 removed, 0 failed\n\n");

    assertThat(first.printed() + second.printed() + third.printed() + fourth.printed()).doesNotContain(SECRET);
    assertNotWrittenAnywhere(SECRET);
  }

  @Test
  void aBearerTokenComesFromItsEnvironmentVariableAndFiltersGoToAirflow() {
    AirflowStub.serveV1(airflow);

    Launcher.Run run = launcher.run("import", "--url", url() + "/", "--airflow-version", "2.10.5",
        "--token-env", "AIRFLOW_TOKEN", "--dag-id-pattern", "ecommerce", "--tag", "finance", "--tag", "daily",
        "--paused", "false");

    assertThat(run.succeeded()).as(run.err()).isTrue();
    airflow.verify(getRequestedFor(urlPathEqualTo("/api/v1/dags"))
        .withHeader("Authorization", equalTo("Bearer tok-" + SECRET))
        .withQueryParam("dag_id_pattern", equalTo("ecommerce"))
        .withQueryParam("tags", havingExactly("finance", "daily"))
        .withQueryParam("paused", equalTo("false")));
    assertThat(run.printed()).doesNotContain(SECRET);
  }

  // ---- errors: exit status 1 and one line saying what is wrong and what to do, no stack trace

  @Test
  void anUnreachableAirflow() throws IOException {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Launcher.Run run = launcher.run("import", "--url", "http://127.0.0.1:" + closed, "--airflow-version", "2",
        "--user", "admin", "--password-env", "AIRFLOW_PASSWORD");

    assertOneLine(run, "import: Cannot read the DAGs from Airflow at http://127.0.0.1:" + closed + ": GET /api/v1/dags failed",
        "Airflow cannot be reached: check --url and that the webserver is running and reachable from this machine");
  }

  @Test
  void refusedCredentials() {
    AirflowStub.fail(airflow, "/api/v1/dags", 401, "v1/errors/401.json");

    Launcher.Run run = launcher.run("export", "--url", url(), "--airflow-version", "2", "--user", "admin",
        "--password-env", "AIRFLOW_PASSWORD", "--output", dir.resolve("out").toString());

    assertOneLine(run, "export: Cannot read the DAGs from Airflow at " + url()
        + ": GET /api/v1/dags failed with HTTP 401: Unauthorized; Airflow at " + url() + " refused the credentials:"
        + " check --user and the password in the variable named by --password-env, or the token in the variable"
        + " named by --token-env");
  }

  @Test
  void missingCredentials() {
    AirflowStub.fail(airflow, "/api/v2/dags", 401, "v2/errors/401.json");

    Launcher.Run run = launcher.run("import", "--url", url(), "--airflow-version", "3");

    assertOneLine(run, "HTTP 401: Not authenticated; Airflow at " + url() + " asks for credentials: give --user with"
        + " --password-env VAR, or --token-env VAR");
  }

  @Test
  void theWrongAirflowVersion() {
    AirflowStub.serveV1(airflow);
    // what Airflow 2 answers for the Airflow 3 API
    airflow.stubFor(get(urlPathEqualTo("/api/v2/dags")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/problem+json").withBody("{\"type\": \"about:blank\", \"title\":"
            + " \"Not Found\", \"status\": 404, \"detail\": \"The requested URL was not found on the server.\"}")));

    Launcher.Run run = launcher.run("import", "--url", url(), "--airflow-version", "3");

    assertOneLine(run, "GET /api/v2/dags failed with HTTP 404", "check --url (the webserver's root, e.g."
        + " https://airflow.example.com) and --airflow-version (Airflow 2 serves /api/v1, Airflow 3 /api/v2)");
  }

  @Test
  void badSnapshotDirectories() throws IOException {
    Path missing = dir.resolve("missing");
    assertOneLine(launcher.run("import", "--snapshot", missing.toString()),
        "import: The snapshot directory " + missing + " does not exist; give --snapshot the directory that export"
            + " --output wrote");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertOneLine(launcher.run("import", "--snapshot", empty.toString()),
        "import: " + empty + " is not a snapshot: it has no snapshot.json; give --snapshot the directory");

    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    assertOneLine(launcher.run("import", "--snapshot", file.toString()), file + " is a file, not a snapshot directory");

    Path garbled = Files.createDirectories(dir.resolve("garbled"));
    Files.writeString(garbled.resolve("snapshot.json"), "{\"format\": \"something else\"}");
    assertOneLine(launcher.run("import", "--snapshot", garbled.toString()),
        "import: " + garbled + " is not a readable snapshot: ", "is not a snapshot manifest");

    Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
    Files.writeString(incomplete.resolve("snapshot.json"),
        "{\"format\": \"dataflow-gateway/airflow-snapshot\", \"format_version\": 1, \"api\": \"v1\"}");
    assertOneLine(launcher.run("import", "--snapshot", incomplete.toString()),
        "import: Cannot read the snapshot " + incomplete + ": ", "export it again");
  }

  @Test
  void secretsOnTheCommandLineAreRefusedWithoutBeingRepeated() {
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--user", "admin",
            "--password", "hunter2-" + SECRET),
        "import: Passwords and tokens are never taken on the command line");
    assertOneLine(launcher.run("export", "--url", url(), "--airflow-version", "3", "--token=" + SECRET,
            "--output", dir.resolve("o").toString()),
        "export: Passwords and tokens are never taken on the command line");
    // the secret given where the name of its variable belongs
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--user", "admin",
            "--password-env", SECRET),
        "import: --password-env takes the name of an environment variable (letters, digits and _), not the secret");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--user", "admin",
            "--password-env", "UNSET_VARIABLE"),
        "import: The environment variable named by --password-env is not set or is empty");
    assertOneLine(launcher.run("import", "--url", "https://admin:" + SECRET + "@airflow.example.com",
            "--airflow-version", "2"),
        "import: --url must not contain credentials (user:password@)");
    assertThat(airflow.getAllServeEvents()).isEmpty();
  }

  @Test
  void wrongCombinationsOfArguments() throws IOException {
    assertOneLine(launcher.run("import"), "import: Say where the DAGs come from: --url URL --airflow-version 2|3");
    assertOneLine(launcher.run("import", "--url", url()), "import: --url needs --airflow-version");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "1.10"),
        "import: --airflow-version takes 2 (Airflow 2.x, /api/v1) or 3 (Airflow 3.x, /api/v2), not '1.10'");
    assertOneLine(launcher.run("import", "--url", url(), "--snapshot", dir.toString()),
        "import: Give either --url (a live Airflow) or --snapshot (a snapshot directory), not both");
    assertOneLine(launcher.run("import", "--snapshot", dir.toString(), "--user", "admin"),
        "import: --user applies to a live Airflow (--url), not to --snapshot");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--user", "admin"),
        "import: --user needs --password-env VAR");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--user", "admin",
            "--password-env", "AIRFLOW_PASSWORD", "--token-env", "AIRFLOW_TOKEN"),
        "import: Give either --token-env VAR, or --user with --password-env VAR, not both");
    assertOneLine(launcher.run("import", "--url", "ftp://airflow", "--airflow-version", "2"),
        "import: --url must be the http or https address of the Airflow webserver");
    assertOneLine(launcher.run("import", "--url", url() + "/api/v1", "--airflow-version", "2"),
        "import: --url is the webserver's root address: leave out /api/v1");
    assertOneLine(launcher.run("import", "--snapshot", dir.toString(), "--paused", "yes"),
        "import: --paused takes true (only paused DAGs) or false (only active DAGs), not 'yes'");
    assertOneLine(launcher.run("export", "--url", url(), "--airflow-version", "2"),
        "export: Give the directory to write the snapshot into with --output DIR");
    Files.writeString(dir.resolve("already-here"), "x");
    assertOneLine(launcher.run("export", "--url", url(), "--airflow-version", "2", "--output", dir.toString()),
        "export: --output " + dir + " is not empty: give a new or empty directory");
    assertThat(airflow.getAllServeEvents()).isEmpty();
  }

  @Test
  void anUnusableBaseline() throws IOException {
    AirflowStub.serveV1(airflow);
    Path missing = dir.resolve("none.json");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--baseline", missing.toString()),
        "import: The baseline " + missing + " does not exist; create it on a first import with --write-baseline " + missing);

    Path garbled = Files.writeString(dir.resolve("garbled.json"), "{\"dags\": 12}");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--baseline", garbled.toString()),
        "import: Cannot read the baseline " + garbled + " (", "give --baseline a file written by --write-baseline");

    Path other = Files.writeString(dir.resolve("other.json"), "{\"version\": 99, \"dags\": {}}");
    assertOneLine(launcher.run("import", "--url", url(), "--airflow-version", "2", "--baseline", other.toString()),
        "import: The baseline " + other + " was computed with fingerprint version 99, this gateway computes version 1",
        "start over with --write-baseline alone");
  }

  /**
   * An unknown flag is refused by Dropwizard's parser before the command runs: the first line says what
   * is wrong, the command's help follows (which Dropwizard's {@code Cli} always prints after a parse
   * error); no stack trace, exit status 1.
   */
  @Test
  void anUnknownFlag() {
    Launcher.Run run = launcher.run("import", "--snapshot", dir.toString(), "--bogus", "x");

    assertThat(run.succeeded()).isFalse();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst()).contains("unrecognized arguments: '--bogus'");
    assertThat(run.err()).contains("usage: ", " import ", "--snapshot DIR").doesNotContain("\tat ", "Exception");
  }

  /** The run failed, printing exactly one line on standard error that contains the fragments, and no secret. */
  private static void assertOneLine(Launcher.Run run, String... fragments) {
    assertThat(run.succeeded()).as("failed: %s", run.out()).isFalse();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).endsWith("\n");
    assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).contains(fragments).doesNotContain("\tat ", SECRET);
  }

  private void assertNotWrittenAnywhere(String secret) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> regular = files.filter(Files::isRegularFile).toList();
      assertThat(regular).isNotEmpty();
      for (Path file : regular) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
      }
    }
  }
}
