package io.dataflow.gateway.planner.state;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link StateStore} in memory, for tests and for trying the planner out.
 *
 * <p>Besides the records by dataset and key, it indexes the records in every state but {@link
 * PartitionState.Kind#FRESH}, so that {@link #inStates} for the states the planner asks about
 * (stale, pending, running) costs in proportion to what it returns, not to the partitions tracked:
 * in a steady state nearly every partition is fresh, and a query over a million of them would scan
 * them all on every plan. Queries that include FRESH still scan everything. Pending and running
 * partitions are also indexed by task and by run, for {@link #pendingFor} and {@link #runningUnder}.
 */
public final class InMemoryStateStore implements StateStore {

  // By dataset in a hash map (a lookup per get, among thousands of datasets); scans sort the datasets.
  private final Map<DatasetId, TreeMap<PartitionKey, PartitionRecord>> records = new HashMap<>();
  private final Map<PartitionState.Kind, TreeMap<PartitionRef, PartitionRecord>> notFresh =
      new EnumMap<>(PartitionState.Kind.class);
  private final Map<TaskId, TreeMap<PartitionRef, PartitionRecord>> pendingByTask = new HashMap<>();
  private final Map<RunId, TreeMap<PartitionRef, PartitionRecord>> runningByRun = new HashMap<>();
  private final Map<PartitionRef, List<Transition>> history = new HashMap<>();

  public InMemoryStateStore() {
    for (PartitionState.Kind kind : PartitionState.Kind.values()) {
      if (kind != PartitionState.Kind.FRESH) {
        notFresh.put(kind, new TreeMap<>());
      }
    }
  }

  @Override
  public synchronized Optional<PartitionRecord> get(PartitionRef partition) {
    TreeMap<PartitionKey, PartitionRecord> byKey = records.get(partition.dataset());
    return byKey == null ? Optional.empty() : Optional.ofNullable(byKey.get(partition.key()));
  }

  @Override
  public synchronized NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
    return Collections.unmodifiableNavigableMap(new TreeMap<>(records.getOrDefault(dataset, new TreeMap<>())));
  }

  @Override
  public synchronized List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds) {
    if (kinds.contains(PartitionState.Kind.FRESH)) {
      return scan(kinds);
    }
    List<TreeMap<PartitionRef, PartitionRecord>> indexes = new ArrayList<>();
    for (PartitionState.Kind kind : kinds) {
      TreeMap<PartitionRef, PartitionRecord> index = notFresh.get(kind);
      if (!index.isEmpty()) {
        indexes.add(index);
      }
    }
    if (indexes.isEmpty()) {
      return List.of();
    }
    if (indexes.size() == 1) {
      return List.copyOf(indexes.getFirst().values());
    }
    // A partition is in one state at a time: the indexes are disjoint, merged here in PartitionRef order.
    TreeMap<PartitionRef, PartitionRecord> merged = new TreeMap<>();
    indexes.forEach(merged::putAll);
    return List.copyOf(merged.values());
  }

  private List<PartitionRecord> scan(Set<PartitionState.Kind> kinds) {
    List<PartitionRecord> result = new ArrayList<>();
    for (DatasetId dataset : new TreeSet<>(records.keySet())) {
      for (PartitionRecord r : records.get(dataset).values()) {
        if (kinds.contains(r.kind())) {
          result.add(r);
        }
      }
    }
    return List.copyOf(result);
  }

  @Override
  public synchronized void apply(List<Transition> transitions) {
    Set<PartitionRef> seen = new HashSet<>();
    for (Transition t : transitions) {
      if (!seen.add(t.ref())) {
        throw new IllegalArgumentException("Two transitions in one batch for " + t.ref());
      }
      Optional<PartitionRecord> current = get(t.ref());
      if (!current.equals(t.before())) {
        throw new ConflictingTransitionException(t.ref(), "expected %s but found %s".formatted(
            t.before().map(r -> r.kind().name()).orElse("untracked"),
            current.map(r -> r.kind().name() + (current.equals(t.before()) ? "" : " (another record)")).orElse("untracked")));
      }
    }
    for (Transition t : transitions) {
      PartitionRecord previous = records.computeIfAbsent(t.ref().dataset(), d -> new TreeMap<>()).put(t.ref().key(), t.after());
      if (previous != null && previous.kind() != PartitionState.Kind.FRESH) {
        notFresh.get(previous.kind()).remove(t.ref());
        unindexByWork(previous);
      }
      if (t.after().kind() != PartitionState.Kind.FRESH) {
        notFresh.get(t.after().kind()).put(t.ref(), t.after());
        indexByWork(t.after());
      }
      history.computeIfAbsent(t.ref(), r -> new ArrayList<>(1)).add(t);
    }
  }

  @Override
  public synchronized List<PartitionRecord> pendingFor(TaskId task) {
    TreeMap<PartitionRef, PartitionRecord> records = pendingByTask.get(task);
    return records == null ? List.of() : List.copyOf(records.values());
  }

  @Override
  public synchronized List<PartitionRecord> runningUnder(RunId run) {
    TreeMap<PartitionRef, PartitionRecord> records = runningByRun.get(run);
    return records == null ? List.of() : List.copyOf(records.values());
  }

  private void indexByWork(PartitionRecord record) {
    switch (record.state()) {
      case PartitionState.Pending p -> pendingByTask.computeIfAbsent(p.task().id(), k -> new TreeMap<>()).put(record.ref(), record);
      case PartitionState.Running r -> runningByRun.computeIfAbsent(r.run(), k -> new TreeMap<>()).put(record.ref(), record);
      default -> { }
    }
  }

  private void unindexByWork(PartitionRecord record) {
    switch (record.state()) {
      case PartitionState.Pending p -> remove(pendingByTask, p.task().id(), record.ref());
      case PartitionState.Running r -> remove(runningByRun, r.run(), record.ref());
      default -> { }
    }
  }

  private static <K> void remove(Map<K, TreeMap<PartitionRef, PartitionRecord>> index, K key, PartitionRef ref) {
    TreeMap<PartitionRef, PartitionRecord> records = index.get(key);
    if (records != null) {
      records.remove(ref);
      if (records.isEmpty()) {
        index.remove(key);
      }
    }
  }

  @Override
  public synchronized List<Transition> history(PartitionRef partition) {
    return List.copyOf(history.getOrDefault(partition, List.of()));
  }
}
