package io.dataflow.gateway.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (a {@code main}, not a test: the build never runs it) of the dataflow on the running
 * example, on a gateway of its own with the embedded PostgreSQL and Trino, in
 * {@code server/target/bench-gateway}:
 *
 * <ol>
 *   <li>backfill of {@code --days} days: the gateway's plan against one Airflow task per day in date
 *       order on the same Trino, wall time and Trino CPU;
 *   <li>precision: one restated day, the partitions the gateway recomputed against the minimum, the
 *       partitions an Airflow user leaves stale, and a full rebuild;
 *   <li>reaction: commit to first downstream task dispatched, and to the cascade settled, cut into stages.
 * </ol>
 *
 * <p>The report goes to standard output and, as JSON, to {@code server/target/bench-gateway/report.json}.
 * Run it from the repository root as {@code server/BENCHMARKS.md} says; options are in {@link BenchOptions}.
 */
public final class DataflowBenchmark {

  private DataflowBenchmark() {}

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path directory = Path.of("server", "target", "bench-gateway");
    if (!Files.isDirectory(directory.getParent())) {
      System.err.println("Run the benchmark from the repository root, after building the server: " + directory.getParent() + " is missing");
      System.exit(2);
    }
    try {
      BenchReport report = run(options, directory);
      System.out.println();
      System.out.print(report.text());
      Path json = directory.resolve("report.json");
      report.writeJson(json);
      System.out.println("\nJSON report: " + json.toAbsolutePath());
    } catch (Exception e) {
      System.err.println("The benchmark failed: " + e);
      e.printStackTrace();
      // the gateway was stopped on the way out; threads of its libraries must not keep this JVM alive
      System.exit(1);
    }
    System.exit(0);
  }

  private static BenchReport run(BenchOptions options, Path directory) throws SQLException, InterruptedException, IOException {
    Map<String, String> load = new LinkedHashMap<>();
    EcommerceFlow flow = new EcommerceFlow(options.days(), options.orders());
    progress("starting a gateway in " + directory.toAbsolutePath() + " (embedded PostgreSQL and Trino)", load, "start");
    try (BenchGateway gateway = BenchGateway.start(directory, options.trinoHeap(), options.trace());
        AirflowBaseline baseline = new AirflowBaseline(gateway, flow, AirflowBaseline.SCHEMA);
        AirflowBaseline warmUp = new AirflowBaseline(gateway, flow, AirflowBaseline.WARM_UP_SCHEMA)) {
      progress("loading %d days of tpch.%s orders into iceberg.raw.transactions".formatted(options.days(), options.orders()), load, "load");
      long loading = System.nanoTime();
      gateway.trinoExecute(flow.loadStatements().toArray(String[]::new));
      long loadMillis = (System.nanoTime() - loading) / 1_000_000;
      long rows = gateway.trinoCount("SELECT count(*) FROM iceberg.raw.transactions");

      progress("warming Trino up (statements of both shapes into iceberg.%s)".formatted(AirflowBaseline.WARM_UP_SCHEMA), load, "warm-up");
      warmUp.createTables();
      AirflowBaseline.Work warm = warmUp.warmUp();
      System.out.printf("  warm-up: %d statements in %.1f s%n", warm.statements(), warm.wallMillis() / 1000.0);

      progress("1. backfill: the gateway, then the Airflow-style baseline", load, "backfill");
      BackfillBenchmark.Result backfill = new BackfillBenchmark(gateway, flow, baseline).run();
      progress("2. precision: restating day " + options.restatedDay(), load, "precision");
      PrecisionBenchmark.Result precision = new PrecisionBenchmark(gateway, flow, baseline).run(options.restatedDay());
      progress("3. reaction: %d restatements after %d of warm-up".formatted(options.reactions(), options.reactionWarmUp()), load, "reaction");
      if (options.trace()) {
        gateway.tracePostgres();
        System.out.println("  tracing: every PostgreSQL statement in postgres.log, every HTTP request in requests.log");
      }
      ReactionBenchmark.Result reaction = new ReactionBenchmark(gateway, flow).run(options.reactionWarmUp(), options.reactions(), options.seed());
      progress("done; stopping the gateway", load, "end");
      return new BenchReport(options, Runtime.getRuntime().availableProcessors(), load, rows, loadMillis, backfill, precision, reaction);
    }
  }

  private static void progress(String step, Map<String, String> load, String name) {
    String average = loadAverage();
    load.put(name, average);
    System.out.printf("[%tT] %s (load average %s)%n", System.currentTimeMillis(), step, average);
  }

  /** The 1-minute load average, from {@code /proc/loadavg}. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
