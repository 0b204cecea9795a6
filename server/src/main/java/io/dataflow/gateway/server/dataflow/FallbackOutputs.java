package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.planner.scheduling.FailureOutcome;
import io.dataflow.gateway.planner.scheduling.Propagation;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.server.fallback.DataInterval;
import io.dataflow.gateway.server.fallback.FallbackOutcome;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of fallback runs as the dataflow sees them: a task kept in the fallback that declares
 * outputs changes them when a run succeeds, and fails them when it fails, for the partitions its data
 * interval covers, so that the work downstream proceeds or is blocked as after a task of the dataflow.
 * Each transition names the run ({@link Cause.FallbackRun}).
 *
 * <p>The partitions covered are those of the output's partitioning that the interval overlaps, in UTC
 * as Airflow's {@code ds} is: a day interval covers that day, an hour interval its day, a week seven
 * days; an empty interval ({@code @once}) the partition of its instant; an unpartitioned table its one
 * partition. A success makes those partitions fresh and has their downstream checked: what the job
 * committed through the gateway's catalog arrives as that commit's snapshot event, so the downstream
 * runs once for it, and a run that changed nothing recomputes nothing.
 *
 * <p>An output is named as task SQL names tables ({@code schema.table}, optionally with a catalog), or
 * as an Airflow dataset/asset URI of a task's {@code outlets}, which names a table of the gateway as the
 * bridge reads Airflow's URIs ({@code bridge.datasets} first, then {@code
 * trino://host[:port]/<catalog>/<schema>/<table>} with a catalog of {@code bridge.trinoCatalogs} and
 * {@code iceberg://<warehouse>/<schema>/<table>}), so that one URI means one table. It must be an external
 * input of the dataflow; any other output is passed over with a warning, since a table the dataflow
 * produces has the dataflow as its only writer and a table it does not read has nothing downstream.
 */
public final class FallbackOutputs implements FallbackOutcomeListener {

  private static final Logger LOG = LoggerFactory.getLogger(FallbackOutputs.class);

  private final DataflowRuntime dataflow;
  private final Function<String, Optional<String>> outletTables;

  /**
   * @param outletTables the {@code schema.table} of the gateway an Airflow dataset/asset URI names, if
   *     any
   */
  public FallbackOutputs(DataflowRuntime dataflow, Function<String, Optional<String>> outletTables) {
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.outletTables = requireNonNull(outletTables, "outletTables is null");
  }

  @Override
  public void succeeded(FallbackOutcome outcome) {
    Cause.FallbackRun cause = cause(outcome);
    for (Dataset output : outputs(outcome)) {
      NavigableSet<PartitionKey> partitions = covered(output.partitioning(), outcome.interval());
      Propagation propagation = dataflow.fallbackWrote(output.id(), partitions, cause);
      LOG.info("Fallback run {} of {} changed {} {}: {} partition(s) downstream marked stale", outcome.runId(), outcome.job(),
          output.id(), values(partitions), propagation.affected().values().stream().mapToInt(NavigableSet::size).sum());
    }
  }

  @Override
  public void failed(FallbackOutcome outcome) {
    Cause.FallbackRun cause = cause(outcome);
    DataInterval interval = outcome.interval();
    String error = "Fallback run " + outcome.runId() + " of " + outcome.job() + " (data interval [" + interval.start() + ", "
        + interval.end() + ")) failed: " + outcome.error().orElse("no reason recorded");
    TaskId task = new TaskId("fallback:" + outcome.job() + "#" + outcome.runId());
    for (Dataset output : outputs(outcome)) {
      NavigableSet<PartitionKey> partitions = covered(output.partitioning(), interval);
      FailureOutcome.GaveUp result = dataflow.fallbackFailed(output.id(), partitions, error, task, cause);
      LOG.warn("Fallback run {} of {} failed: {} {} failed, {} partition(s) blocked downstream", outcome.runId(), outcome.job(),
          output.id(), values(partitions), result.blocked().size());
    }
  }

  /**
   * The partitions of a table partitioned as {@code partitioning} that {@code interval} overlaps, in
   * UTC; for an empty interval, the partition of its instant.
   */
  static NavigableSet<PartitionKey> covered(Partitioning partitioning, DataInterval interval) {
    NavigableSet<PartitionKey> keys = new TreeSet<>();
    if (partitioning.granularity().isEmpty()) {
      keys.add(PartitionKey.unpartitioned());
      return keys;
    }
    Granularity unit = partitioning.granularity().get();
    LocalDateTime start = LocalDateTime.ofInstant(interval.start(), ZoneOffset.UTC);
    LocalDateTime end = LocalDateTime.ofInstant(interval.end(), ZoneOffset.UTC);
    LocalDateTime period = unit.truncate(start);
    keys.add(PartitionKey.of(unit, period));
    for (period = unit.plus(period, 1); period.isBefore(end); period = unit.plus(period, 1)) {
      keys.add(PartitionKey.of(unit, period));
    }
    return keys;
  }

  private static Cause.FallbackRun cause(FallbackOutcome outcome) {
    return new Cause.FallbackRun(outcome.job().toString(), outcome.runId());
  }

  /** The declared outputs that are external inputs of the dataflow. */
  private List<Dataset> outputs(FallbackOutcome outcome) {
    List<Dataset> outputs = new ArrayList<>();
    for (String declared : outcome.outputs()) {
      Optional<DatasetId> id = datasetOf(declared);
      Optional<Dataset> dataset = id.flatMap(d -> dataflow.graph().dataset(d));
      if (id.isEmpty()) {
        LOG.warn("Fallback job {} declares the output '{}', which names no table of the gateway; it is passed over",
            outcome.job(), declared);
      } else if (dataset.isEmpty()) {
        LOG.warn("Fallback job {} declares the output {}, which the dataflow does not read: nothing downstream to tell",
            outcome.job(), id.get());
      } else if (!dataset.get().isExternal()) {
        LOG.warn("Fallback job {} declares the output {}, which the dataflow produces itself; its runs are not recorded there",
            outcome.job(), id.get());
      } else {
        outputs.add(dataset.get());
      }
    }
    return outputs;
  }

  private Optional<DatasetId> datasetOf(String declared) {
    return tableOf(declared, outletTables).flatMap(table -> {
      try {
        return Optional.of(dataflow.dataset(TableName.of(table)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    });
  }

  /** The table an output declares: itself for a dotted name, else the table its URI names. */
  public static Optional<String> tableOf(String declared, Function<String, Optional<String>> outletTables) {
    String text = declared.strip();
    return text.contains("://") ? outletTables.apply(text) : Optional.of(text);
  }

  private static List<String> values(NavigableSet<PartitionKey> keys) {
    return keys.stream().map(PartitionKey::value).toList();
  }
}
