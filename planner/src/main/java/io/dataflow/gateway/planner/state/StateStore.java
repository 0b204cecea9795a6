package io.dataflow.gateway.planner.state;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * Where partition states live. The planner reads through it and writes only by {@link #apply}, so an
 * implementation on a database needs one transaction per call. Implementations must be safe for use
 * from several threads.
 */
public interface StateStore {

  /** The record of {@code partition}, empty if it is not tracked. */
  Optional<PartitionRecord> get(PartitionRef partition);

  /** Every tracked partition of {@code dataset}, by key; empty if none. */
  NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset);

  /** Every tracked partition in one of {@code kinds}, in {@link PartitionRef} order. */
  List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds);

  /**
   * Every partition pending under task {@code task}, in {@link PartitionRef} order. The planner asks
   * this of every task it starts; the default filters {@link #inStates} for pending partitions, which a
   * store may answer from an index instead (a backfill can leave a great many partitions pending).
   */
  default List<PartitionRecord> pendingFor(TaskId task) {
    return inStates(Set.of(PartitionState.Kind.PENDING)).stream()
        .filter(r -> ((PartitionState.Pending) r.state()).task().id().equals(task))
        .toList();
  }

  /**
   * Every partition running under {@code run}, in {@link PartitionRef} order. The default filters
   * {@link #inStates} for running partitions; a store may answer from an index instead.
   */
  default List<PartitionRecord> runningUnder(RunId run) {
    return inStates(Set.of(PartitionState.Kind.RUNNING)).stream()
        .filter(r -> ((PartitionState.Running) r.state()).run().equals(run))
        .toList();
  }

  /**
   * Applies all of {@code transitions} or none of them. At most one transition per partition.
   *
   * @throws ConflictingTransitionException if a partition is not in the state its transition expects
   *     (tracked when expected untracked or the other way round, or another record)
   * @throws IllegalArgumentException if two transitions concern the same partition
   */
  void apply(List<Transition> transitions);

  /** Every transition applied to {@code partition}, oldest first. */
  List<Transition> history(PartitionRef partition);
}
