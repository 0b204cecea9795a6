package io.dataflow.gateway.server.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The demo's steps, against a running gateway: import the example Airflow deployment, generate
 * transactions, print the readiness report, migrate, let the dataflow compute, restate one day and
 * explain from the run records what reran and what a cron rerun would have left stale, then create a
 * token for the user and print what to try next. Everything goes through the REST API and Trino, as
 * a user would do it; only "is the dataflow idle" is asked of the gateway directly.
 */
public final class Demo {

  /** The line that ends the demo: after it, the gateway just keeps serving. */
  public static final String KEEPS_RUNNING = "The demo is done; the gateway keeps running.";

  /** The table comment that marks the demo's own tables, so that a later demo run only drops those. */
  static final String MARKER = "dataflow-gateway demo table";

  /** The day the demo restates, as in the example. */
  static final LocalDate RESTATED_DAY = LocalDate.of(2024, 1, 10);

  static final String DAG = "ecommerce_daily";
  static final String RAW = "raw.transactions";
  private static final List<String> OUTPUTS = List.of(
      "analytics.daily_customer_totals", "analytics.weekly_customer_totals", "analytics.week_over_week", "analytics.customer_lifetime_value");

  /** The output tables of the example (EXAMPLE.md), as the migration creates them. */
  public static final String TABLES = """
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS = 8;

  private final GatewayClient api;
  private final String catalog;
  private final Path dataDirectory;
  private final SampleData data;
  private final BooleanSupplier idle;
  private final Duration settleTimeout;
  private final PrintStream out;
  private String trinoUrl;

  /**
   * @param base the gateway's root address
   * @param token an admin token of that gateway
   * @param catalog the Trino catalog that reads the gateway's Iceberg catalog
   * @param dataDirectory the gateway's data directory, where the snapshot is copied to
   * @param data the sample data to generate
   * @param idle whether the gateway's dataflow has nothing stale, pending or running
   * @param settleTimeout how long the dataflow may take to compute after a change
   * @param out where the demo writes what it shows
   */
  public Demo(URI base, String token, String catalog, Path dataDirectory, SampleData data, BooleanSupplier idle,
      Duration settleTimeout, PrintStream out) {
    this.api = new GatewayClient(base, token);
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.data = requireNonNull(data, "data is null");
    this.idle = requireNonNull(idle, "idle is null");
    this.settleTimeout = requireNonNull(settleTimeout, "settleTimeout is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Runs every step; the gateway is left running with the demo's DAGs migrated. */
  public void run() throws Exception {
    trinoUrl = api.get("/api/v1/runtime").path("trinoJdbcUrl").asText();
    Path snapshot = ExampleSnapshot.copyTo(dataDirectory.resolve("demo").resolve("airflow-snapshot")).toAbsolutePath().normalize();

    step(1, "Looking for an earlier demo in " + dataDirectory);
    startClean(snapshot);

    step(2, "Importing the example Airflow deployment (an exported snapshot: " + snapshot + ")");
    ObjectNode request = JSON.createObjectNode().put("snapshot", snapshot.toString());
    JsonNode imported = api.post("/api/v1/imports", request.toString());
    for (JsonNode dag : imported.path("dags")) {
      JsonNode view = api.get("/api/v1/dags/" + dag.path("dagId").asText());
      line("    %-18s %-10s %d tasks, schedule %s", dag.path("dagId").asText(), dag.path("outcome").asText(),
          view.path("tasks").size(), schedule(view.path("schedule")));
    }

    step(3, "The deployment's warehouse: %s.%s with sample data, and the tables the DAG writes", catalog, RAW);
    trino(data.statements(catalog, MARKER));
    line("    %s: %,d transactions of %d customers over %d days, %s to %s (data set '%s')", RAW,
        trinoLong("SELECT count(*) FROM " + catalog + "." + RAW), data.customers(), data.days(), SampleData.FIRST_DAY, data.lastDay(),
        data.name());
    trino(outputTables());
    line("    the tables the DAG writes, created empty with the example's schemas (the dataflow fills them):");
    OUTPUTS.forEach(t -> line("      %s", t));

    step(4, "Readiness report of %s (GET /api/v1/dags/%s/readiness?format=markdown)", DAG, DAG);
    out.println();
    api.getText("/api/v1/dags/" + DAG + "/readiness?format=markdown").lines().forEach(l -> out.println("    " + l));

    step(5, "Migrating %s (POST /api/v1/dags/%s/migrate with the example's output tables)", DAG, DAG);
    printTasks(api.post("/api/v1/dags/" + DAG + "/migrate", TABLES));
    for (String dag : ExampleSnapshot.DAGS) {
      if (!dag.equals(DAG)) {
        line("  %s has no task with SQL: it stays on its Airflow schedule, as GET /api/v1/dags/%s says:", dag, dag);
        printTasks(api.get("/api/v1/dags/" + dag));
      }
    }

    step(6, "Letting the dataflow compute every partition from the transactions");
    long started = System.nanoTime();
    awaitSettled(() -> OUTPUTS.stream().allMatch(d -> !runIds(d).isEmpty()));
    int partitions = 0;
    for (String dataset : OUTPUTS) {
      partitions += partitionCount(dataset);
    }
    int runs = OUTPUTS.stream().mapToInt(d -> runIds(d).size()).sum();
    line("    %d partitions of %d tables are fresh, computed by %d runs in %d s", partitions, OUTPUTS.size(), runs,
        Duration.ofNanos(System.nanoTime() - started).toSeconds());

    step(7, "Restating one day of %s through Trino, as a late correction would", RAW);
    Restatement restatement = restate();
    explain(restatement);

    step(8, "What a cron rerun of Airflow's %s run of %s would have left stale", RESTATED_DAY, DAG);
    explainCron(restatement.reruns());

    tryNext();
  }

  // ---- steps -------------------------------------------------------------------------------

  private void startClean(Path snapshot) throws SQLException {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table : concat(RAW, OUTPUTS)) {
      comment(table).ifPresent(c -> tables.put(table, c));
    }
    List<String> foreign = tables.entrySet().stream()
        .filter(e -> !e.getValue().equals(MARKER)).map(Map.Entry::getKey).toList();
    if (!foreign.isEmpty()) {
      throw new DemoException("The table(s) " + foreign + " exist in catalog " + catalog + " but were not created by the demo (their"
          + " comment is not '" + MARKER + "'); the demo leaves them alone. Run it on another data directory:"
          + " a configuration file with 'dataDirectory: data-demo', then ./gateway demo that-file.yml");
    }
    Set<String> dags = new LinkedHashSet<>();
    for (JsonNode dag : api.get("/api/v1/dags").path("dags")) {
      String id = dag.path("dagId").asText();
      if (ExampleSnapshot.DAGS.contains(id)) {
        String source = api.get("/api/v1/imports/" + api.get("/api/v1/dags/" + id).path("importId").asText()).path("source").asText();
        if (!source.equals("snapshot " + snapshot)) {
          throw new DemoException("A DAG " + id + " was imported from " + source + ", not by the demo; the demo leaves it alone."
              + " Run it on another data directory: a configuration file with 'dataDirectory: data-demo', then ./gateway demo that-file.yml");
        }
        dags.add(id);
      }
    }
    if (tables.isEmpty() && dags.isEmpty()) {
      line("    none: starting from an empty gateway");
      return;
    }
    line("    An earlier demo left DAGs %s and tables %s.", dags, tables.keySet());
    line("    Starting clean: the demo rolls its DAGs back and drops its own tables (marked '%s'), nothing else.", MARKER);
    for (String dag : dags) {
      if (api.get("/api/v1/dags/" + dag).hasNonNull("migratedAt")) {
        api.post("/api/v1/dags/" + dag + "/rollback", "{}");
        line("    rolled back %s", dag);
      }
    }
    for (String table : tables.keySet()) {
      trino(List.of("DROP TABLE " + catalog + "." + table));
      line("    dropped %s.%s", catalog, table);
    }
  }

  private Restatement restate() throws Exception {
    Map<String, Set<String>> before = new LinkedHashMap<>();
    List<String> produced = producedDatasets();
    for (String dataset : produced) {
      before.put(dataset, runIds(dataset));
    }
    String update = "UPDATE " + catalog + "." + RAW + " SET amount = amount + 1.00 WHERE day = DATE '" + RESTATED_DAY + "'";
    line("    %s", update);
    trino(List.of(update));
    JsonNode event = api.get("/api/v1/events?table=" + encode(RAW) + "&limit=1").path("events").path(0);
    String eventId = "event-" + event.path("eventId").asText();
    line("    The commit is snapshot %s, recorded as %s: %s of partition(s) %s", event.path("snapshotId").asText(), eventId,
        event.path("operation").asText(), changedPartitions(event));
    long started = System.nanoTime();
    awaitSettled(() -> runIds(OUTPUTS.getFirst()).size() > before.get(OUTPUTS.getFirst()).size());
    line("    The dataflow settled %d s after the commit.", Duration.ofNanos(System.nanoTime() - started).toSeconds());

    List<Reruns.Run> runs = new ArrayList<>();
    for (String dataset : produced) {
      List<JsonNode> items = runsOf(dataset);
      for (int i = items.size() - 1; i >= 0; i--) {
        JsonNode run = items.get(i);
        if (before.get(dataset).contains(run.path("runId").asText())) {
          continue;
        }
        JsonNode detail = api.get("/api/v1/runs/" + run.path("runId").asText());
        List<String> partitions = new ArrayList<>();
        detail.path("partitions").forEach(p -> partitions.add(p.asText()));
        if (partitions.isEmpty() || partitions.equals(List.of(""))) {
          partitions.clear();
          partitions.add(Reruns.UNPARTITIONED);
        }
        List<String> causes = new ArrayList<>();
        detail.path("causes").forEach(c -> causes.add(c.path("kind").asText() + " " + c.path("id").asText()));
        runs.add(new Reruns.Run(detail.path("transform").asText(), dataset, partitions, detail.path("strategy").asText(), causes));
      }
    }
    return new Restatement(eventId, new Reruns(RESTATED_DAY, runs));
  }

  /** The restatement's snapshot event and the runs it caused. */
  private record Restatement(String eventId, Reruns reruns) {}

  private void explain(Restatement restatement) {
    Reruns reruns = restatement.reruns();
    String restatementEvent = restatement.eventId();
    line("");
    line("    The gateway reran, from its run records (GET /api/v1/runs and /api/v1/runs/{id}):");
    for (Reruns.Run run : reruns.runs()) {
      line("      %s", run.transform());
      line("          partitions %s, %s, cause: %s", Reruns.ranges(new java.util.TreeSet<>(run.partitions())),
          run.strategy(), run.causes().isEmpty() ? "none recorded" : String.join(", ", run.causes()));
    }
    line("");
    line("    Rerun, by table (transform, partitions):");
    Reruns.lines(reruns.byDataset(), 40).forEach(l -> line("      %s", l));
    long others = reruns.runs().stream().filter(r -> !r.causes().contains("snapshot " + restatementEvent)).count();
    if (others == 0) {
      line("    Nothing else ran: %d runs, every one caused by %s, the restatement of %s.", reruns.runs().size(), restatementEvent, RESTATED_DAY);
    } else {
      line("    %d of the %d runs had other causes too (see their causes above).", others, reruns.runs().size());
    }
  }

  private void explainCron(Reruns reruns) {
    line("    In Airflow you would clear the %s run of %s: each task reruns for ds = %s only", DAG, RESTATED_DAY, RESTATED_DAY);
    line("    (and customer_lifetime_value rebuilds its whole table). These partitions read the restated day");
    line("    but would keep their old rows, with no failed task to tell anyone:");
    Reruns.lines(reruns.staleAfterCronRerun(), 40).forEach(l -> line("      %s", l));
    int stale = reruns.staleAfterCronRerun().values().stream().mapToInt(java.util.Set::size).sum();
    line("    %d stale partitions. The weekly totals read six earlier days the DAG never waits for (the hidden", stale);
    line("    dependency of the readiness report), and each weekly day is read again by week_over_week seven days later.");
  }

  private void tryNext() {
    JsonNode token = api.post("/api/v1/tokens", "{\"name\": \"demo\", \"role\": \"admin\"}");
    String base = api.base().toString().replaceAll("/$", "");
    String trinoServer = trinoUrl.replaceFirst("^jdbc:trino:", "http:").replaceAll("[?].*$", "");
    out.println();
    out.println("Try next (an admin token named 'demo' was created for you; it is kept in the gateway's PostgreSQL):");
    out.println();
    out.println("  export TOKEN=" + token.path("token").asText());
    out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/v1/dags/" + DAG + "/readiness?format=markdown'");
    out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/v1/datasets/" + RAW + "/impact?partition=" + RESTATED_DAY + "'");
    out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/v1/runs?dataset=analytics.week_over_week&limit=5'");
    out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/v1/lineage/analytics.week_over_week?direction=upstream'");
    out.println();
    out.println("  Trino: JDBC URL " + trinoUrl + " (any user name, no password), or the Trino CLI:");
    out.println("  trino --server " + trinoServer + " --catalog " + catalog);
    out.println("    UPDATE raw.transactions SET amount = amount * 2 WHERE day = DATE '2024-01-20';");
    out.println("    SELECT * FROM analytics.week_over_week WHERE day = DATE '2024-01-20' ORDER BY change DESC LIMIT 5;");
    out.println();
    out.println(KEEPS_RUNNING + " Ctrl-C stops it, with its Trino and PostgreSQL.");
    out.flush();
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** CREATE TABLE statements of the example's output tables, from {@link #TABLES}, marked as the demo's. */
  private List<String> outputTables() throws java.io.IOException {
    List<String> statements = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS " + catalog + ".analytics"));
    for (JsonNode table : JSON.readTree(TABLES).path("tables")) {
      List<String> columns = new ArrayList<>();
      table.path("columns").forEach(c -> columns.add(c.path("name").asText() + " " + c.path("type").asText()));
      List<String> partitioning = new ArrayList<>();
      table.path("partitionColumns").forEach(c -> partitioning.add("'" + c.asText() + "'"));
      String name = catalog + "." + table.path("name").asText();
      statements.add("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")"
          + (partitioning.isEmpty() ? "" : " WITH (partitioning = ARRAY[" + String.join(", ", partitioning) + "])"));
      statements.add("COMMENT ON TABLE " + name + " IS '" + MARKER + "'");
    }
    return statements;
  }

  private static String schedule(JsonNode schedule) {
    return switch (schedule.path("type").asText()) {
      case "preset" -> schedule.path("name").asText();
      case "cron" -> schedule.path("expression").asText() + (schedule.hasNonNull("timezone") ? " (" + schedule.path("timezone").asText() + ")" : "");
      default -> schedule.toString();
    };
  }

  private void printTasks(JsonNode dag) {
    for (JsonNode task : dag.path("tasks")) {
      String semantics = task.path("annotation").path("semantics").asText("");
      line("    %-26s %-11s %-8s %s", task.path("taskId").asText(), task.path("translation").asText(), semantics,
          task.path("reason").asText(""));
    }
  }

  private void awaitSettled(BooleanSupplier started) throws InterruptedException {
    long deadline = System.nanoTime() + settleTimeout.toNanos();
    long nextNote = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new DemoException("The dataflow did not settle within " + settleTimeout + "; see the runs: GET /api/v1/runs?state=failed");
      }
      quiet = started.getAsBoolean() && idle.getAsBoolean() ? quiet + 1 : 0;
      if (System.nanoTime() > nextNote) {
        line("    ... still computing");
        nextNote = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      }
      Thread.sleep(300);
    }
    JsonNode failed = api.get("/api/v1/runs?state=failed&limit=1").path("items");
    if (!failed.isEmpty()) {
      throw new DemoException("A run failed: " + failed.get(0).path("transform").asText() + ": "
          + failed.get(0).path("error").path("message").asText() + " (GET /api/v1/runs?state=failed)");
    }
  }

  private List<String> producedDatasets() {
    List<String> ids = new ArrayList<>();
    for (JsonNode page = api.get("/api/v1/datasets?origin=produced&limit=500"); ; page = api.get(page.path("next").asText())) {
      page.path("items").forEach(d -> ids.add(d.path("id").asText()));
      if (!page.path("next").isTextual()) {
        return ids;
      }
    }
  }

  private List<JsonNode> runsOf(String dataset) {
    List<JsonNode> runs = new ArrayList<>();
    for (JsonNode page = api.get("/api/v1/runs?dataset=" + encode(dataset) + "&limit=500"); ; page = api.get(page.path("next").asText())) {
      page.path("items").forEach(runs::add);
      if (!page.path("next").isTextual()) {
        return runs;
      }
    }
  }

  private Set<String> runIds(String dataset) {
    Set<String> ids = new LinkedHashSet<>();
    runsOf(dataset).forEach(r -> ids.add(r.path("runId").asText()));
    return ids;
  }

  private int partitionCount(String dataset) {
    int count = 0;
    for (JsonNode page = api.get("/api/v1/datasets/" + encode(dataset) + "/partitions?limit=500"); ; page = api.get(page.path("next").asText())) {
      count += page.path("items").size();
      if (!page.path("next").isTextual()) {
        return count;
      }
    }
  }

  private static String changedPartitions(JsonNode event) {
    List<String> values = new ArrayList<>();
    for (JsonNode partition : event.path("changedPartitions")) {
      values.add(partition.path("path").asText());
    }
    return String.join(", ", values);
  }

  private Optional<String> comment(String table) throws SQLException {
    int dot = table.indexOf('.');
    try (Connection connection = trinoConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT comment FROM system.metadata.table_comments WHERE catalog_name = ? AND schema_name = ? AND table_name = ?")) {
      query.setString(1, catalog);
      query.setString(2, table.substring(0, dot));
      query.setString(3, table.substring(dot + 1));
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(rows.getString(1)).orElse(""));
      }
    }
  }

  private void trino(List<String> statements) throws SQLException {
    try (Connection connection = trinoConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new DemoException("Trino at " + trinoUrl + " refused a statement of the demo: " + e.getMessage(), e);
    }
  }

  private long trinoLong(String sql) throws SQLException {
    try (Connection connection = trinoConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Connection trinoConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "demo");
    return DriverManager.getConnection(trinoUrl, properties);
  }

  private void step(int number, String format, Object... args) {
    out.println();
    out.println("[" + number + "/" + STEPS + "] " + format.formatted(args));
    out.flush();
  }

  private void line(String format, Object... args) {
    out.println(format.formatted(args));
    out.flush();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

}
