package io.dataflow.gateway.planner.state;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
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

  /**
   * One page of {@code dataset}'s tracked partitions in key order: at most {@code limit} of them,
   * those after {@code after} (exclusive) when given, those in {@code state} only when given. The
   * default filters {@link #partitions(DatasetId)}; a store may read only the page instead.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  default List<PartitionRecord> partitions(DatasetId dataset, Optional<PartitionState.Kind> state, Optional<PartitionKey> after,
      int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid page of partitions of " + dataset + ": limit " + limit + ", expected at least 1");
    }
    NavigableMap<PartitionKey, PartitionRecord> all = partitions(dataset);
    return (after.isPresent() ? all.tailMap(after.get(), false) : all).values().stream()
        .filter(r -> state.map(s -> s == r.kind()).orElse(true))
        .limit(limit)
        .toList();
  }

  /** Every tracked partition in one of {@code kinds}, in {@link PartitionRef} order. */
  List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds);

  /**
   * The keys of every tracked partition of {@code dataset}, in order; empty if none. The default takes
   * them from {@link #partitions(DatasetId)}; a store may read the keys alone.
   */
  default NavigableSet<PartitionKey> keys(DatasetId dataset) {
    return partitions(dataset).navigableKeySet();
  }

  /**
   * {@link #keys(DatasetId)} of each of {@code datasets}, by dataset (every one of them, with an empty
   * set when none of its partitions is tracked). The default asks for each; a store may read them at
   * once.
   */
  default Map<DatasetId, NavigableSet<PartitionKey>> keys(Collection<DatasetId> datasets) {
    Map<DatasetId, NavigableSet<PartitionKey>> keys = new HashMap<>();
    for (DatasetId dataset : datasets) {
      keys.put(dataset, keys(dataset));
    }
    return keys;
  }

  /**
   * The records of those of {@code partitions} that are tracked, by partition; the untracked ones are
   * left out. The default asks {@link #get} for each; a store may read them all at once.
   */
  default Map<PartitionRef, PartitionRecord> getAll(Collection<PartitionRef> partitions) {
    Map<PartitionRef, PartitionRecord> found = new HashMap<>();
    for (PartitionRef partition : partitions) {
      get(partition).ifPresent(r -> found.put(partition, r));
    }
    return found;
  }

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
