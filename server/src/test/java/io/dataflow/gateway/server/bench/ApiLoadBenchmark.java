package io.dataflow.gateway.server.bench;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Transition;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import io.dataflow.gateway.server.state.JdbcStateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Load benchmark (a {@code main}, not a test: the build never runs it) of the read API on a large
 * dataflow: {@code wrk} against {@code GET /api/v1/datasets/{id}/partitions} and
 * {@code GET /api/v1/lineage/{id}}, on a gateway of its own (embedded PostgreSQL and Trino, in
 * {@code server/target/bench-api}).
 *
 * <p>The dataflow: {@code --layers} × {@code --width} SQL transforms (default 100 × 10 = 1,000), each
 * writing a day-partitioned table; layer 1 reads {@code raw.events}, every later one joins two tables
 * of the layer before (its own column and the next), so that lineage reaches back through the whole
 * graph. They are defined through {@code DataflowRuntime.define}, as a migration defines them: the SQL
 * is annotated, the graph compiled and the 1,000 Iceberg tables created in the gateway's catalog. Then
 * {@code --days} days of every table (default 100: 100,000 partitions) are recorded fresh through the
 * gateway's {@link JdbcStateStore}, each with its version and its provenance (the input partitions and
 * their versions, the transform's fingerprint), one transition per partition caused by its run, and
 * the runs themselves in {@code dataflow_runs}: one run per transform and day, as a daily pipeline
 * leaves them after {@code --days} days (100,000 runs by default).
 * Computing 100,000 partitions on Trino would take hours here and is not what this benchmark
 * measures; the dataflow is paused so that nothing runs.
 *
 * <p>{@code wrk} (Debian package {@code wrk}) then runs {@code api-load.lua} (next to this class)
 * against each endpoint, rotating over every dataset: a warm-up, then the measured run. Run it from
 * the repository root as {@code server/BENCHMARKS.md} says.
 */
public final class ApiLoadBenchmark {

  private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
  private static final Pattern RESULT = Pattern.compile("RESULT (\\{.*})");

  private ApiLoadBenchmark() {}

  /** The options, {@code --name=value} each. */
  record Options(int layers, int width, int days, int threads, int connections, String duration, String warmup, String trinoHeap) {
    static final String USAGE =
        "options: --layers=100 --width=10 --days=100 --threads=2 --connections=8 --duration=30s --warmup=10s --trino-heap=2G";

    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>(Map.of("layers", "100", "width", "10", "days", "100", "threads", "2",
          "connections", "8", "duration", "30s", "warmup", "10s", "trino-heap", "2G"));
      for (String arg : args) {
        int equals = arg.indexOf('=');
        String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : "";
        if (!values.containsKey(name)) {
          throw new IllegalArgumentException("Unknown argument '" + arg + "'; " + USAGE);
        }
        values.put(name, arg.substring(equals + 1));
      }
      try {
        Options options = new Options(Integer.parseInt(values.get("layers")), Integer.parseInt(values.get("width")),
            Integer.parseInt(values.get("days")), Integer.parseInt(values.get("threads")), Integer.parseInt(values.get("connections")),
            values.get("duration"), values.get("warmup"), values.get("trino-heap"));
        if (options.layers < 1 || options.width < 2 || options.days < 1 || options.threads < 1 || options.connections < options.threads) {
          throw new IllegalArgumentException("Invalid options " + values + ": layers ≥ 1, width ≥ 2, days ≥ 1, connections ≥ threads ≥ 1");
        }
        return options;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid number in " + values + ": " + e.getMessage() + "; " + USAGE, e);
      }
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path directory = Path.of("server", "target", "bench-api");
    Path script = Path.of("server", "src", "test", "java", "io", "dataflow", "gateway", "server", "bench", "api-load.lua");
    if (!Files.isRegularFile(script)) {
      System.err.println("Run the benchmark from the repository root: " + script + " is missing");
      System.exit(2);
    }
    try {
      run(options, directory, script.toAbsolutePath());
    } catch (Exception e) {
      System.err.println("The benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(Options options, Path directory, Path script) throws Exception {
    System.out.printf("cores %d, load average at the start: %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
    try (BenchGateway gateway = BenchGateway.start(directory, options.trinoHeap(), false)) {
      gateway.dataflow().pause();
      gateway.trinoExecute("CREATE SCHEMA IF NOT EXISTS iceberg.raw",
          "CREATE TABLE iceberg.raw.events (id BIGINT, value BIGINT, day DATE) WITH (partitioning = ARRAY['day'])");

      long started = System.nanoTime();
      DataflowDefinition.Result result = gateway.dataflow().define(definition(options));
      long defineMillis = (System.nanoTime() - started) / 1_000_000;
      if (!result.rejected().isEmpty()) {
        throw new IllegalStateException(result.rejected().size() + " task(s) rejected, e.g. " + result.rejected().entrySet().iterator().next());
      }
      DataflowGraph graph = gateway.dataflow().graph();
      System.out.printf("defined %d transforms (%d datasets) in %.1f s%n", result.accepted().size(), graph.datasets().size(),
          defineMillis / 1000.0);

      started = System.nanoTime();
      long partitions = recordStates(gateway, graph, options);
      System.out.printf("recorded %,d fresh partitions and their runs in %.1f s%n", partitions, (System.nanoTime() - started) / 1e9);
      try (Connection db = gateway.postgres(); var sql = db.createStatement()) {
        sql.execute("ANALYZE");
      }

      String base = "http://127.0.0.1:" + gateway.port();
      List<String> ids = graph.datasets().stream().filter(d -> !d.isExternal()).map(d -> d.id().name()).toList();
      check(base, gateway.token(), ids, options);
      Path partitionPaths = paths(directory.resolve("partitions-paths.txt"), ids, id -> "/api/v1/datasets/" + id + "/partitions");
      Path lineagePaths = paths(directory.resolve("lineage-paths.txt"), ids, id -> "/api/v1/lineage/" + id + "?direction=upstream");

      Map<String, Map<String, String>> results = new LinkedHashMap<>();
      for (var endpoint : List.of(Map.entry("GET /api/v1/datasets/{id}/partitions", partitionPaths),
          Map.entry("GET /api/v1/lineage/{id}?direction=upstream", lineagePaths))) {
        wrk(script, base, gateway.token(), endpoint.getValue(), options, options.warmup());
        String before = loadAverage();
        Map<String, String> measured = wrk(script, base, gateway.token(), endpoint.getValue(), options, options.duration());
        measured.put("loadBefore", before);
        measured.put("loadAfter", loadAverage());
        results.put(endpoint.getKey(), measured);
        // one connection: the time a request takes when it never waits for another of this benchmark
        Options single = new Options(options.layers(), options.width(), options.days(), 1, 1, options.duration(), options.warmup(),
            options.trinoHeap());
        String singleBefore = loadAverage();
        Map<String, String> alone = wrk(script, base, gateway.token(), endpoint.getValue(), single, options.duration());
        alone.put("loadBefore", singleBefore);
        alone.put("loadAfter", loadAverage());
        results.put(endpoint.getKey() + ", 1 connection", alone);
      }

      System.out.println();
      System.out.printf("%d transforms, %,d partitions; wrk -t%d -c%d -d%s (after a %s warm-up), rotating over %d datasets%n",
          result.accepted().size(), partitions, options.threads(), options.connections(), options.duration(), options.warmup(), ids.size());
      System.out.println("| endpoint | requests/s | p50 | p95 | p99 | max | non-2xx | load average before → after |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      results.forEach((endpoint, r) -> System.out.printf("| `%s` | %.0f | %s ms | %s ms | %s ms | %s ms | %s | %s → %s |%n", endpoint,
          Long.parseLong(r.get("requests")) / (Long.parseLong(r.get("durationMicros")) / 1e6), millis(r.get("p50")), millis(r.get("p95")),
          millis(r.get("p99")), millis(r.get("max")), r.get("non2xx"), r.get("loadBefore"), r.get("loadAfter")));
    }
  }

  /** The layered dataflow: table {@code bench.tLLL_C} of layer L, column C. */
  static DataflowDefinition definition(Options options) {
    List<TaskDefinition> tasks = new ArrayList<>();
    List<TableSchema> tables = new ArrayList<>();
    for (int layer = 1; layer <= options.layers(); layer++) {
      for (int column = 0; column < options.width(); column++) {
        String table = table(layer, column);
        String sql = layer == 1
            ? """
              DELETE FROM %1$s WHERE day = DATE '{{ ds }}';
              INSERT INTO %1$s
              SELECT id, DATE '{{ ds }}' AS day, value
              FROM raw.events
              WHERE day = DATE '{{ ds }}'""".formatted(table)
            : """
              DELETE FROM %1$s WHERE day = DATE '{{ ds }}';
              INSERT INTO %1$s
              SELECT a.id, DATE '{{ ds }}' AS day, a.value + COALESCE(b.value, 0) AS value
              FROM %2$s a
              LEFT JOIN %3$s b ON b.id = a.id AND b.day = DATE '{{ ds }}'
              WHERE a.day = DATE '{{ ds }}'""".formatted(table, table(layer - 1, column), table(layer - 1, (column + 1) % options.width()));
        tasks.add(TaskDefinition.of("bench_dag." + table.substring("bench.".length()), sql, Dialect.TRINO));
        tables.add(new TableSchema(TableName.of(table),
            List.of(new ColumnSchema("id", "BIGINT"), new ColumnSchema("day", "DATE"), new ColumnSchema("value", "BIGINT")), List.of("day")));
      }
    }
    return new DataflowDefinition(tasks, tables);
  }

  private static String table(int layer, int column) {
    return "bench.t%03d_%d".formatted(layer, column);
  }

  /**
   * Records {@code days} fresh partitions of every produced dataset, layer by layer, as runs leave
   * them: the version each run committed and the versions of the inputs it read; one batch of
   * transitions per dataset through the gateway's state store, and its runs in {@code dataflow_runs}.
   */
  private static long recordStates(BenchGateway gateway, DataflowGraph graph, Options options) throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(gateway.databaseUrl());
    dataSource.setUser("postgres");
    JdbcStateStore states = new JdbcStateStore(dataSource);
    Map<PartitionRef, PartitionVersion> versions = new HashMap<>();
    long snapshot = 1_000_000L;
    long count = 0;
    try (Connection db = gateway.postgres();
        PreparedStatement runs = db.prepareStatement("""
            INSERT INTO dataflow_runs (run_id, task_id, transform_id, dataset, partitions, strategy, reason, attempt, state,
              trino_query_id, snapshot_id, started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, 'PER_PARTITION', 'the day''s input changed', 1, 'SUCCEEDED', ?, ?, ?, ?)""")) {
      for (int layer = 1; layer <= options.layers(); layer++) {
        for (int column = 0; column < options.width(); column++) {
          DatasetId dataset = graph.dataset(DatasetId.of(table(layer, column))).orElseThrow().id();
          Transform transform = graph.producerOf(dataset).orElseThrow();
          List<Transition> transitions = new ArrayList<>();
          for (int d = 0; d < options.days(); d++) {
            RunId run = new RunId("run-" + UUID.randomUUID());
            long committed = ++snapshot;
            PartitionKey key = PartitionKey.day(FIRST_DAY.plusDays(d));
            Map<PartitionRef, PartitionVersion> read = new HashMap<>();
            for (Input input : transform.inputs()) {
              PartitionRef ref = new PartitionRef(input.dataset(), key);
              read.put(ref, versions.computeIfAbsent(ref, r -> PartitionVersion.of(1L, "raw-" + r.key().value())));
            }
            PartitionVersion version = PartitionVersion.of(committed, Long.toHexString(committed * 31 + d));
            PartitionRef ref = new PartitionRef(dataset, key);
            versions.put(ref, version);
            PartitionRecord record = new PartitionRecord(ref, new PartitionState.Fresh(), Optional.of(version),
                Optional.of(Provenance.of(transform.fingerprint(), read)));
            transitions.add(Transition.create(record, new Cause.Run(run)));

            // the day's data landed overnight; each layer's run a few seconds after the one before
            Instant ran = FIRST_DAY.plusDays(d + 1L).atTime(2, 0).toInstant(ZoneOffset.UTC).plusSeconds(3L * layer);
            runs.setString(1, run.value());
            runs.setString(2, transform.id().name() + "-" + UUID.randomUUID());
            runs.setString(3, transform.id().name());
            runs.setString(4, dataset.name());
            runs.setArray(5, db.createArrayOf("text", new String[] {key.value()}));
            runs.setString(6, "20240601_000000_%05d_bench".formatted(committed % 100_000));
            runs.setLong(7, committed);
            runs.setTimestamp(8, Timestamp.from(ran));
            runs.setTimestamp(9, Timestamp.from(ran.plusSeconds(2)));
            runs.addBatch();
          }
          states.apply(transitions);
          count += transitions.size();
        }
        runs.executeBatch();
      }
    }
    return count;
  }

  /** One request of each kind, to see that the answers are what the benchmark means to measure. */
  private static void check(String base, String token, List<String> ids, Options options) throws Exception {
    String deepest = table(options.layers(), 0);
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (String path : List.of("/api/v1/datasets/" + deepest + "/partitions", "/api/v1/lineage/" + deepest + "?direction=upstream")) {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        String what = json.has("items")
            ? json.path("items").size() + " partitions on the first page, the first " + json.path("items").path(0).path("state").asText()
            : json.path("datasets").size() + " datasets and " + json.path("edges").size() + " edges";
        System.out.printf("GET %s: %s, %,d bytes, %d ms (first call)%n", path, what, response.body().length(),
            (System.nanoTime() - started) / 1_000_000);
      }
    }
  }

  private static Path paths(Path file, List<String> ids, java.util.function.Function<String, String> path) throws IOException {
    Files.write(file, ids.stream().map(path).toList(), StandardCharsets.UTF_8);
    return file;
  }

  /** Runs wrk with the script; its percentiles and counts, from the script's RESULT line. */
  private static Map<String, String> wrk(Path script, String base, String token, Path paths, Options options, String duration)
      throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-t" + options.threads(), "-c" + options.connections(), "-d" + duration, "--latency",
        "--timeout", "10s", "-s", script.toString(), base, "--", paths.toAbsolutePath().toString(), token);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      reader.lines().forEach(line -> output.append(line).append('\n'));
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    System.out.print(output.toString().replace(token, "<token>"));
    Matcher matcher = RESULT.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("No RESULT line in wrk's output:\n" + output);
    }
    Map<String, String> values = new LinkedHashMap<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(matcher.group(1)).properties()
        .forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  private static String millis(String micros) {
    return "%.1f".formatted(Long.parseLong(micros) / 1000.0);
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
