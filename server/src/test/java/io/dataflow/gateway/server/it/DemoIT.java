package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.server.demo.Demo;
import io.dataflow.gateway.server.guides.GuideExamples;
import io.dataflow.gateway.server.guides.GuideExamples.Example;
import io.dataflow.gateway.server.guides.GuideExamples.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code demo --small} run to its end by the packaged gateway, as a child process on the shared
 * PostgreSQL and Trino (which reads its catalog as {@value SharedGateway#SECOND_GATEWAY_CATALOG}):
 * the readiness report names the six-day window, the restated 2024-01-10 reruns exactly the
 * partitions of the example, the cron comparison names those a rerun of Airflow's run would leave
 * stale, the token it prints works, and the tables hold the restated amounts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

  private static final String CATALOG = SharedGateway.SECOND_GATEWAY_CATALOG;

  private static SharedGateway shared;
  private static ChildGateway child;
  private static Path home;
  private static Process demo;
  private static String output;

  /** The guides whose examples need a gateway, in the order of a user's journey after the demo. */
  private static final List<String> JOURNEY = List.of("getting-started.md", "playbook.md", "troubleshooting.md", "connecting-engines.md");

  @BeforeAll
  static void runTheDemo() throws Exception {
    shared = SharedGateway.get();
    // the shared Trino reads this gateway's catalog with the run's admin token (authYaml); the data
    // directory is relative to the demo's working directory, its home
    child = ChildGateway.named("demo_it").servingCatalog().dataDirectory(Path.of("data")).defaultLogging().create();
    home = child.home;
    Path log = home.resolve("demo.out");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-jar",
        Path.of("target", "dataflow-gateway.jar").toAbsolutePath().toString(), "demo", "--small", child.config.toString()));
    // in its own working directory, as a user runs it from the repository: the guides' paths are relative to it
    demo = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    while (!Files.readString(log).contains(Demo.KEEPS_RUNNING)) {
      if (!demo.isAlive()) {
        throw new AssertionError("The demo exited with " + demo.exitValue() + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The demo did not finish in 6 minutes:\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
    output = Files.readString(log);
  }

  @AfterAll
  static void stopTheDemo() throws Exception {
    if (demo != null && demo.isAlive()) {
      demo.destroy();
      if (!demo.waitFor(60, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  @Test
  void theReadinessReportNamesTheHiddenSixDayWindow() {
    assertThat(output).contains("# Readiness of DAG `ecommerce_daily`", "### hidden dependency",
        "| weekly_customer_totals | not_migrated | PARTIAL | analytics.daily_customer_totals: window -6..0 days |",
        "`weekly_customer_totals` reads analytics.daily_customer_totals (window -6..0 days)");
  }

  @Test
  void theMigrationTranslatesTheSqlTasksAndLeavesPythonOnItsSchedule() {
    assertThat(lines("^\\s+(\\w+)\\s+(translated|fallback)\\b.*$"))
        .containsExactlyInAnyOrder("customer_lifetime_value translated", "daily_customer_totals translated",
            "notify_finance fallback", "week_over_week translated", "weekly_customer_totals translated");
  }

  @Test
  void theRestatedDayRerunsExactlyThePartitionsOfTheExampleAndSaysWhy() {
    String rerun = section("Rerun, by table", "Nothing else ran");
    assertThat(rerun.lines().map(String::strip).filter(l -> l.startsWith("analytics.")).toList()).containsExactly(
        "analytics.customer_lifetime_value       (unpartitioned)",
        "analytics.daily_customer_totals         2024-01-10",
        "analytics.week_over_week                2024-01-10..2024-01-23 (14 days)",
        "analytics.weekly_customer_totals        2024-01-10..2024-01-16 (7 days)");
    Matcher event = Pattern.compile("recorded as (event-\\d+): overwrite of partition\\(s\\) day=2024-01-10").matcher(output);
    assertThat(event.find()).as(output).isTrue();
    assertThat(output).contains("Nothing else ran: 4 runs, every one caused by " + event.group(1) + ", the restatement of 2024-01-10.");
    assertThat(lines("^\\s+partitions .+, (PER_PARTITION|BATCHED_RANGE|FULL_RECOMPUTE), cause: (.+)$"))
        .hasSize(4).allSatisfy(line -> assertThat(line).endsWith(" snapshot " + event.group(1)));
  }

  @Test
  void theCronComparisonNamesThePartitionsAnAirflowRerunLeavesStale() {
    String stale = section("but would keep their old rows", "stale partitions.");
    assertThat(stale.lines().map(String::strip).filter(l -> l.startsWith("analytics.")).toList())
        .containsExactly(
            "analytics.week_over_week                2024-01-11..2024-01-23 (13 days)",
            "analytics.weekly_customer_totals        2024-01-11..2024-01-16 (6 days)");
    assertThat(output).contains("19 stale partitions.");
  }

  @Test
  void theTokenItPrintsAnswersTheImpactOfTheRestatedDay() throws Exception {
    Matcher token = Pattern.compile("export TOKEN=(dgw_\\S+)").matcher(output);
    assertThat(token.find()).as(output).isTrue();
    HttpResponse<String> impact = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + SharedGateway.SECOND_GATEWAY_PORT + "/api/v1/datasets/raw.transactions/impact?partition=2024-01-10"))
        .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(impact.statusCode()).as(impact.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(impact.body());
    assertThat(body.path("downstream").asInt()).as("1 daily + 7 weekly + 14 week-over-week + lifetime").isEqualTo(23);
    assertThat(body.path("affected")).as("everything is fresh again").isEmpty();
  }

  @Test
  void theTablesHoldTheRestatedAmounts() throws Exception {
    String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM " + CATALOG
        + ".raw.transactions GROUP BY customer_id, day";
    shared.assertSameRows(CATALOG + ".analytics.daily_customer_totals", "customer_id, day, total, txn_count", daily);
    shared.assertSameRows(CATALOG + ".analytics.weekly_customer_totals", "customer_id, day, total_7d",
        "SELECT t.customer_id, d.day, sum(t.total) FROM (" + daily + ") t JOIN (SELECT DISTINCT day FROM " + CATALOG
            + ".raw.transactions) d ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day GROUP BY t.customer_id, d.day");
    assertThat(shared.trinoLong("SELECT count(DISTINCT day) FROM " + CATALOG + ".analytics.week_over_week")).isEqualTo(24);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void everyApiAndTrinoExampleOfTheGuidesAnswersAsWritten() throws Exception {
    Matcher tokenLine = Pattern.compile("export TOKEN=(dgw_\\S+)").matcher(output);
    assertThat(tokenLine.find()).as(output).isTrue();
    String token = tokenLine.group(1);
    GuideExamples.Guides guides = GuideExamples.read(GuideExamples.directory());
    List<Example> live = guides.examples().stream().filter(e -> e.kind() == Kind.API || e.kind() == Kind.TRINO).toList();
    assertThat(live).isNotEmpty();
    assertThat(JOURNEY).as("every guide with curl or Trino examples has its place in the journey")
        .containsAll(live.stream().map(Example::guide).distinct().toList());
    int ran = 0;
    for (String guide : JOURNEY) {
      for (Example example : live.stream().filter(e -> e.guide().equals(guide)).toList()) {
        if (example.kind() == Kind.API) {
          api(example, token);
        } else {
          trino(example);
        }
        ran++;
      }
    }
    assertThat(ran).isEqualTo(live.size());
  }

  /** Runs the example's curl command with bash against the demo's gateway, as a user would paste it. */
  private static void api(Example example, String token) throws Exception {
    String command = example.body().strip().replace("localhost:8080", "127.0.0.1:" + SharedGateway.SECOND_GATEWAY_PORT)
        + " -w '\\n%{http_code}'";
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", command).directory(home.toFile()).redirectErrorStream(true);
    bash.environment().put("TOKEN", token);
    Process process = bash.start();
    String printed = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", example.where(), printed).isZero();
    int newline = printed.lastIndexOf('\n');
    String body = printed.substring(0, Math.max(newline, 0));
    int status = Integer.parseInt(printed.substring(newline + 1).strip());
    assertThat(status).as("%s: %s", example.where(), body).isEqualTo(Integer.parseInt(example.argument("status").orElse("200")));
    String expected = example.expect().orElseThrow(() -> new AssertionError(example.where() + " has no expected answer"));
    Optional<JsonNode> expectedJson = json(expected);
    if (expectedJson.isPresent()) {
      JsonNode actual = new ObjectMapper().readTree(body);
      assertThat(GuideExamples.contains(actual, expectedJson.get()))
          .as("%s: the answer%n%s%ndoes not contain%n%s", example.where(), actual.toPrettyString(), expected).isTrue();
    } else {
      assertThat(body).as(example.where()).contains(expected.strip());
    }
    if (example.body().contains(" -d ") || example.body().contains("-X POST")) {
      child.awaitSettled(Duration.ofMinutes(5));
    }
  }

  /** Runs the example's SQL on the shared Trino, whose name for the demo's catalog is {@value #CATALOG}. */
  private static void trino(Example example) throws Exception {
    String sql = example.body().strip().replace("iceberg.", CATALOG + ".");
    try (Connection connection = shared.trino(); Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        try (ResultSet rows = statement.getResultSet()) {
          assertThat(rows.next()).as(example.where()).isTrue();
          String first = rows.getString(1);
          example.expect().ifPresent(expected -> assertThat(first).as(example.where()).isEqualTo(expected.strip()));
        }
      } else {
        assertThat(example.expect()).as("%s: a statement that returns no rows cannot expect any", example.where()).isEmpty();
        child.awaitSettled(Duration.ofMinutes(5));
      }
    }
  }

  private static Optional<JsonNode> json(String text) {
    try {
      return Optional.of(new ObjectMapper().readTree(text));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> lines(String regex) {
    Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(output);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      List<String> groups = new ArrayList<>();
      for (int i = 1; i <= matcher.groupCount(); i++) {
        groups.add(matcher.group(i));
      }
      found.add(String.join(" ", groups));
    }
    return found;
  }

  private static String section(String from, String to) {
    int start = output.indexOf(from);
    assertThat(start).as("'%s' in the demo's output:%n%s", from, output).isNotNegative();
    int end = output.indexOf(to, start);
    assertThat(end).as("'%s' after '%s' in the demo's output", to, from).isGreaterThan(start);
    return output.substring(start, end);
  }
}
