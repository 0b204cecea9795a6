package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole history computed from nothing: first by the gateway (the example's four tasks defined
 * while the dataflow is paused, then timed from resuming until every partition is fresh, the plan
 * being the cost model's batched ranges), then by the Airflow-style baseline on the same Trino. Both
 * results are checked against a from-scratch computation.
 */
final class BackfillBenchmark {

  private static final Duration SETTLE_LIMIT = Duration.ofHours(3);

  /**
   * The gateway's side.
   *
   * @param defineMillis defining the dataflow: annotating the SQL, creating the tables, marking every partition stale
   * @param wallMillis from resuming the dataflow to the end of its last run
   * @param runs runs, each one {@code MERGE} plus one checksum query on Trino
   * @param trinoStatements statements sent to Trino ({@code MERGE} and checksum of each run)
   * @param cpuMillis Trino CPU of the runs' {@code MERGE}s (the checksum queries' CPU is not recorded)
   * @param partitionsPerRun partitions replaced per run, on average
   */
  record Gateway(long defineMillis, long wallMillis, int runs, int failedRuns, int trinoStatements, long cpuMillis,
      Map<String, Integer> partitions, Map<String, Integer> runsByStrategy, double partitionsPerRun,
      Map<String, Long> differingFromScratch) {}

  /** The baseline's side: one statement per task instance, one at a time. */
  record Baseline(long wallMillis, int trinoStatements, long cpuMillis, Map<String, Long> differingFromScratch) {}

  /**
   * @param wallRatio the baseline's wall time over the gateway's
   * @param cpuRatio the baseline's Trino CPU over the gateway's ({@code MERGE}s only on both sides)
   */
  record Result(int days, Gateway gateway, Baseline baseline, double wallRatio, double cpuRatio) {}

  private final BenchGateway gateway;
  private final EcommerceFlow flow;
  private final AirflowBaseline baseline;

  BackfillBenchmark(BenchGateway gateway, EcommerceFlow flow, AirflowBaseline baseline) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.flow = requireNonNull(flow, "flow is null");
    this.baseline = requireNonNull(baseline, "baseline is null");
  }

  Result run() throws SQLException, InterruptedException {
    Gateway side = gatewaySide();
    baseline.createTables();
    AirflowBaseline.Work work = baseline.backfill();
    Baseline airflow = new Baseline(work.wallMillis(), work.statements(), work.cpuMillis(), differing(AirflowBaseline.SCHEMA));
    return new Result(flow.days(), side, airflow, (double) airflow.wallMillis() / Math.max(1, side.wallMillis()),
        (double) airflow.cpuMillis() / Math.max(1, side.cpuMillis()));
  }

  private Gateway gatewaySide() throws SQLException, InterruptedException {
    DataflowRuntime dataflow = gateway.dataflow();
    dataflow.pause();
    Instant defining = Instant.now();
    DataflowDefinition.Result defined = dataflow.define(EcommerceFlow.definition());
    if (!defined.rejected().isEmpty()) {
      throw new IllegalStateException("The gateway rejected tasks of the example: " + defined.rejected());
    }
    Instant resumed = Instant.now();
    dataflow.resume();
    gateway.awaitSettled(SETTLE_LIMIT);
    List<RunLedger.Run> runs = new RunLedger(gateway).since(defining);
    RunLedger.Summary summary = RunLedger.summarize(runs);
    requireEveryPartitionFresh(dataflow);
    Map<String, Integer> byStrategy = new TreeMap<>();
    runs.forEach(r -> byStrategy.merge(r.strategy(), 1, Integer::sum));
    return new Gateway(Duration.between(defining, resumed).toMillis(), summary.wallMillisFrom(resumed), summary.runs(),
        summary.failedRuns(), 2 * summary.runs(), summary.cpuMillis(), summary.partitionsByDataset(), byStrategy,
        (double) summary.partitions() / Math.max(1, summary.runs()), differing("analytics"));
  }

  private void requireEveryPartitionFresh(DataflowRuntime dataflow) {
    for (String table : EcommerceFlow.OUTPUTS) {
      var partitions = dataflow.partitions(DatasetId.of(table));
      long fresh = partitions.values().stream().filter(r -> r.state() instanceof PartitionState.Fresh).count();
      int expected = table.equals(EcommerceFlow.LIFETIME) ? 1 : flow.days();
      if (fresh != expected || partitions.size() != expected) {
        throw new IllegalStateException("After the backfill %s has %d partition(s), %d fresh; expected %d, all fresh"
            .formatted(table, partitions.size(), fresh, expected));
      }
    }
  }

  private Map<String, Long> differing(String schema) throws SQLException {
    Map<String, Long> differing = new LinkedHashMap<>();
    for (String table : EcommerceFlow.OUTPUTS) {
      differing.put(table, gateway.trinoCount(EcommerceFlow.differingPartitions(schema, table)));
    }
    return differing;
  }
}
