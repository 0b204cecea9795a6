package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Precision on the example, side by side in one run: one day of raw transactions restated, then
 * what the gateway recomputed against the minimum the dependencies imply; what is left stale when
 * an Airflow user clears the daily and weekly tasks of that day (derived from the dependencies and
 * verified by comparing the baseline's tables with a from-scratch computation); and what a full
 * rebuild costs beside the gateway's rerun.
 */
final class PrecisionBenchmark {

  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(60);

  /** The gateway's rerun against the minimum, per dataset, in partitions. */
  record GatewayRerun(Map<String, Integer> minimum, Map<String, Integer> recomputed, boolean sameSetsAsMinimum,
      double ratio, int runs, long cpuMillis, long wallMillis, Map<String, Long> differingFromScratch) {}

  /**
   * The Airflow user's way.
   *
   * @param cleared the task instances cleared and rerun
   * @param expectedStale per table, partitions that read the restated day's daily data and were not rerun
   * @param measuredStale per table, partitions of the baseline's tables that differ from a from-scratch computation
   */
  record AirflowClear(List<String> cleared, int statements, long cpuMillis, Map<String, Integer> expectedStale,
      int expectedStaleTotal, Map<String, Long> measuredStale, long measuredStaleTotal) {}

  /** A full rebuild of the four tables by the gateway (backfills of every partition, batched as it plans them). */
  record FullRebuild(int partitions, int runs, long cpuMillis, long wallMillis, double partitionsVsRerun, double cpuVsRerun) {}

  record Result(String restatedDay, GatewayRerun gateway, AirflowClear clearDailyAndWeekly, AirflowClear clearWithDownstream,
      FullRebuild fullRebuild) {}

  private final BenchGateway gateway;
  private final EcommerceFlow flow;
  private final AirflowBaseline baseline;
  private final RunLedger ledger;
  /** The baseline's tasks rerun for the restated day so far, in order. */
  private final List<String> clearedSoFar = new ArrayList<>();

  PrecisionBenchmark(BenchGateway gateway, EcommerceFlow flow, AirflowBaseline baseline) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.flow = requireNonNull(flow, "flow is null");
    this.baseline = requireNonNull(baseline, "baseline is null");
    this.ledger = new RunLedger(gateway);
  }

  /** Restates day {@code dayNumber} of the loaded range; the baseline's tables must hold the history before it. */
  Result run(int dayNumber) throws SQLException, InterruptedException {
    LocalDate day = flow.day(dayNumber);
    DataflowRuntime dataflow = gateway.dataflow();
    gateway.awaitSettled(SETTLE_LIMIT);
    Map<String, NavigableSet<PartitionKey>> minimum =
        downstream(dataflow, DatasetId.of("raw.transactions"), PartitionKey.day(day));

    Instant mark = Instant.now();
    gateway.trinoExecute("UPDATE iceberg.raw.transactions SET amount = amount + 1 WHERE day = DATE '" + day + "'");
    gateway.awaitSettled(SETTLE_LIMIT);
    List<RunLedger.Run> runs = ledger.since(mark);
    RunLedger.Summary rerun = RunLedger.summarize(runs);
    Map<String, NavigableSet<PartitionKey>> recomputed = new TreeMap<>();
    runs.stream().filter(r -> r.state().equals("SUCCEEDED")).forEach(r -> r.partitions().forEach(p ->
        recomputed.computeIfAbsent(r.dataset(), d -> new TreeSet<>()).add(key(r.dataset(), p))));
    int minimumTotal = total(minimum);
    GatewayRerun gatewayRerun = new GatewayRerun(sizes(minimum), rerun.partitionsByDataset(), recomputed.equals(minimum),
        (double) rerun.partitions() / minimumTotal, rerun.runs(), rerun.cpuMillis(), rerun.wallMillisFrom(mark),
        differing("analytics"));

    Map<String, NavigableSet<PartitionKey>> readDaily =
        downstream(dataflow, DatasetId.of(EcommerceFlow.DAILY), PartitionKey.day(day));
    AirflowClear clear = clear(day, readDaily, List.of(EcommerceFlow.DAILY, EcommerceFlow.WEEKLY));
    AirflowClear withDownstream = clear(day, readDaily, List.of(EcommerceFlow.WOW, EcommerceFlow.LIFETIME));
    return new Result(day.toString(), gatewayRerun, clear, withDownstream, fullRebuild(rerun));
  }

  /**
   * Reruns the baseline's tasks {@code tasks} for {@code day}, after those already rerun, then counts
   * the partitions left stale: {@code readDaily} (every partition that reads the day's daily data)
   * except the ones rerun so far.
   */
  private AirflowClear clear(LocalDate day, Map<String, NavigableSet<PartitionKey>> readDaily, List<String> tasks) throws SQLException {
    AirflowBaseline.Work work = AirflowBaseline.Work.none();
    for (String table : tasks) {
      work = work.plus(baseline.run(table, table.equals(EcommerceFlow.LIFETIME) ? flow.lastDay() : day));
      clearedSoFar.add(table);
    }
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (String table : EcommerceFlow.OUTPUTS) {
      NavigableSet<PartitionKey> stale = new TreeSet<>(readDaily.getOrDefault(table, new TreeSet<>()));
      if (clearedSoFar.contains(table)) {
        stale.remove(table.equals(EcommerceFlow.LIFETIME) ? PartitionKey.unpartitioned() : PartitionKey.day(day));
      }
      expected.put(table, stale.size());
    }
    Map<String, Long> measured = differing(AirflowBaseline.SCHEMA);
    List<String> cleared = clearedSoFar.stream().map(t -> t.substring(t.indexOf('.') + 1)).toList();
    return new AirflowClear(cleared, work.statements(), work.cpuMillis(), expected,
        expected.values().stream().mapToInt(Integer::intValue).sum(), measured,
        measured.values().stream().mapToLong(Long::longValue).sum());
  }

  private FullRebuild fullRebuild(RunLedger.Summary rerun) throws SQLException, InterruptedException {
    DataflowRuntime dataflow = gateway.dataflow();
    Instant mark = Instant.now();
    PartitionKey first = PartitionKey.day(EcommerceFlow.FIRST_DAY);
    PartitionKey last = PartitionKey.day(flow.lastDay());
    for (String table : EcommerceFlow.OUTPUTS) {
      boolean whole = table.equals(EcommerceFlow.LIFETIME);
      dataflow.backfill(new Backfill("bench-rebuild-" + table + "-" + mark.toEpochMilli(), DatasetId.of(table),
          whole ? PartitionKey.unpartitioned() : first, whole ? PartitionKey.unpartitioned() : last, Backfill.Order.OLDEST_FIRST));
    }
    gateway.awaitSettled(SETTLE_LIMIT);
    RunLedger.Summary rebuild = ledger.summary(mark);
    return new FullRebuild(rebuild.partitions(), rebuild.runs(), rebuild.cpuMillis(), rebuild.wallMillisFrom(mark),
        (double) rebuild.partitions() / Math.max(1, rerun.partitions()), (double) rebuild.cpuMillis() / Math.max(1, rerun.cpuMillis()));
  }

  /** Per output table, partitions that differ from the from-scratch result, in Trino schema {@code schema}. */
  private Map<String, Long> differing(String schema) throws SQLException {
    Map<String, Long> differing = new LinkedHashMap<>();
    for (String table : EcommerceFlow.OUTPUTS) {
      differing.put(table, gateway.trinoCount(EcommerceFlow.differingPartitions(schema, table)));
    }
    return differing;
  }

  /**
   * Every partition that reads {@code changed} of {@code dataset}, transitively, by the dependencies
   * of the dataflow's graph, among the partitions each dataset has.
   */
  static Map<String, NavigableSet<PartitionKey>> downstream(DataflowRuntime dataflow, DatasetId dataset, PartitionKey changed) {
    DataflowGraph graph = dataflow.graph();
    Map<String, NavigableSet<PartitionKey>> affected = new TreeMap<>();
    Deque<Map.Entry<DatasetId, PartitionKey>> work = new ArrayDeque<>();
    work.add(Map.entry(dataset, changed));
    while (!work.isEmpty()) {
      var next = work.poll();
      for (Transform consumer : graph.consumersOf(next.getKey())) {
        Input input = consumer.input(next.getKey()).orElseThrow();
        NavigableSet<PartitionKey> existing = dataflow.partitions(consumer.output()).navigableKeySet();
        for (PartitionKey key : input.dependency().affectedBy(next.getValue()).resolve(existing)) {
          if (existing.contains(key) && affected.computeIfAbsent(consumer.output().name(), d -> new TreeSet<>()).add(key)) {
            work.add(Map.entry(consumer.output(), key));
          }
        }
      }
    }
    return affected;
  }

  private static PartitionKey key(String dataset, String value) {
    return dataset.equals(EcommerceFlow.LIFETIME) ? PartitionKey.unpartitioned() : PartitionKey.day(value);
  }

  private static Map<String, Integer> sizes(Map<String, NavigableSet<PartitionKey>> partitions) {
    Map<String, Integer> sizes = new TreeMap<>();
    partitions.forEach((d, keys) -> sizes.put(d, keys.size()));
    return sizes;
  }

  private static int total(Map<String, NavigableSet<PartitionKey>> partitions) {
    return partitions.values().stream().mapToInt(NavigableSet::size).sum();
  }
}
