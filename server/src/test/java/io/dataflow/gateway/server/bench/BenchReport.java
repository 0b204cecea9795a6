package io.dataflow.gateway.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one run of the benchmark measured, as text for people and as JSON.
 *
 * @param loadAverages the machine's 1-minute load average at the start and end of each part
 * @param loadedRows rows of {@code raw.transactions}
 */
record BenchReport(BenchOptions options, int cores, Map<String, String> loadAverages, long loadedRows, long loadMillis,
    BackfillBenchmark.Result backfill, PrecisionBenchmark.Result precision, ReactionBenchmark.Result reaction) {

  private static final long DISPATCH_P50_TARGET = 50;
  private static final long DISPATCH_P99_TARGET = 250;

  void writeJson(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append("Dataflow benchmark: %d day(s) of tpch.%s orders (%,d rows, loaded in %.1f s), %d core(s)%n"
        .formatted(options.days(), options.orders(), loadedRows, loadMillis / 1000.0, cores));
    out.append("load average (1 min) at each step: ").append(loadAverages).append("\n\n");
    backfillText(out);
    precisionText(out);
    reactionText(out);
    return out.toString();
  }

  private void backfillText(StringBuilder out) {
    var g = backfill.gateway();
    var b = backfill.baseline();
    out.append("1. Backfill of %d days (daily, weekly, week_over_week per day; lifetime once)%n".formatted(backfill.days()));
    out.append("   gateway : %8.1f s wall (define %.1f s before it), %d runs = %d Trino statements (MERGE + checksum),"
        .formatted(g.wallMillis() / 1000.0, g.defineMillis() / 1000.0, g.runs(), g.trinoStatements()));
    out.append(" %.1f partitions/run, MERGE CPU %.1f s, strategies %s, failed runs %d%n"
        .formatted(g.partitionsPerRun(), g.cpuMillis() / 1000.0, g.runsByStrategy(), g.failedRuns()));
    out.append("   airflow : %8.1f s wall, %d Trino statements (one MERGE per task and day, in date order), MERGE CPU %.1f s%n"
        .formatted(b.wallMillis() / 1000.0, b.trinoStatements(), b.cpuMillis() / 1000.0));
    out.append("   ratio   : airflow/gateway wall %.2fx, Trino CPU %.2fx%n".formatted(backfill.wallRatio(), backfill.cpuRatio()));
    out.append("   partitions differing from a from-scratch computation: gateway %s, airflow %s%n%n"
        .formatted(g.differingFromScratch(), b.differingFromScratch()));
  }

  private void precisionText(StringBuilder out) {
    var g = precision.gateway();
    out.append("2. Precision: raw.transactions day %s restated (one UPDATE)%n".formatted(precision.restatedDay()));
    out.append("   gateway recomputed %s partitions; minimum by the dependencies %s -> %.2fx%s%n"
        .formatted(new TreeMap<>(g.recomputed()), new TreeMap<>(g.minimum()), g.ratio(),
            g.sameSetsAsMinimum() ? " (exactly the same partitions)" : " (NOT the same partitions)"));
    out.append("   in %d runs, MERGE CPU %.2f s, %.1f s from the UPDATE to the last run's end; partitions differing from scratch: %s%n"
        .formatted(g.runs(), g.cpuMillis() / 1000.0, g.wallMillis() / 1000.0, g.differingFromScratch()));
    for (var clear : List.of(precision.clearDailyAndWeekly(), precision.clearWithDownstream())) {
      out.append("   airflow, tasks %s cleared for that day (%d more statement(s), CPU %.2f s): %d partition(s) left stale"
          .formatted(clear.cleared(), clear.statements(), clear.cpuMillis() / 1000.0, clear.expectedStaleTotal()));
      out.append(" by the dependencies %s; measured against scratch: %d %s%n"
          .formatted(clear.expectedStale(), clear.measuredStaleTotal(), clear.measuredStale()));
    }
    var full = precision.fullRebuild();
    out.append("   full rebuild by the gateway (backfill of all four tables): %d partitions in %d runs, MERGE CPU %.1f s, %.1f s wall"
        .formatted(full.partitions(), full.runs(), full.cpuMillis() / 1000.0, full.wallMillis() / 1000.0));
    out.append(" = %.1fx the partitions and %.1fx the CPU of the gateway's rerun%n".formatted(full.partitionsVsRerun(), full.cpuVsRerun()));
    out.append("   full rebuild the airflow way (part 1's baseline): %d statements, CPU %.1f s = %.1fx the CPU of the gateway's rerun%n%n"
        .formatted(backfill.baseline().trinoStatements(), backfill.baseline().cpuMillis() / 1000.0,
            (double) backfill.baseline().cpuMillis() / Math.max(1, g.cpuMillis())));
  }

  private void reactionText(StringBuilder out) {
    Percentiles dispatch = reaction.fromCommit().get("commit→dispatch");
    Percentiles submitted = reaction.fromCommit().get("commit→submitted");
    out.append("3. Reaction: %d restatements of a random day (seed %d), gateway idle before each, after %d restatements of warm-up%n"
        .formatted(reaction.restatements(), reaction.seed(), reaction.warmUp().size()));
    if (!reaction.warmUp().isEmpty()) {
      out.append("   warm-up, commit -> first downstream Trino query created, in order (ms): %s%n"
          .formatted(reaction.warmUp().stream().map(s -> String.valueOf(s.submitted())).toList()));
    }
    out.append("   commit -> first downstream task dispatched: %s%n".formatted(dispatch));
    out.append("   commit -> first downstream Trino query created: %s  (targets p50 %d ms, p99 %d ms: %s)%n"
        .formatted(submitted, DISPATCH_P50_TARGET, DISPATCH_P99_TARGET,
            submitted.p50() <= DISPATCH_P50_TARGET && submitted.p99() <= DISPATCH_P99_TARGET ? "met" : "MISSED"));
    out.append("   commit -> cascade settled:                  %s%n".formatted(reaction.fromCommit().get("commit→settled")));
    out.append("   stages (each from the end of the one before):\n");
    new TreeMap<>(reaction.stages()).forEach((stage, p) -> out.append("     %-28s %s%n".formatted(stage, p)));
    out.append("   per restatement (ms from commit: recorded, marked stale, dispatched, query created, run recorded,"
        + " settled; runs):\n");
    for (var s : reaction.samples()) {
      out.append("     %s  %5d %5d %5d %5d %5d %6d  %d%n".formatted(s.day(), s.recorded(), s.markedStale(),
          s.dispatched(), s.submitted(), s.runRecorded(), s.settled(), s.runs()));
    }
    out.append("   PostgreSQL calls beside the gateway (median µs): %s%n".formatted(reaction.postgres().medianMicros()));
    out.append("   rows read by those calls: %s%n".formatted(reaction.postgres().rows()));
  }
}
