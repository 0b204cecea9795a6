package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A run the planner has marked running.
 *
 * @param task the task run
 * @param run the run
 * @param reads for each output partition, the input versions it is computed from (the executor may
 *     pin the input snapshots accordingly)
 */
public record StartedRun(Task task, RunId run, NavigableMap<PartitionKey, Provenance> reads) {
  public StartedRun {
    requireNonNull(task, "task is null");
    requireNonNull(run, "run is null");
    reads = Collections.unmodifiableNavigableMap(new TreeMap<>(requireNonNull(reads, "reads is null")));
  }
}
