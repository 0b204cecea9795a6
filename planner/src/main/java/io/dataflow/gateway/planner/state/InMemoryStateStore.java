package io.dataflow.gateway.planner.state;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A {@link StateStore} in memory, for tests and for trying the planner out. */
public final class InMemoryStateStore implements StateStore {

  private final Map<DatasetId, TreeMap<PartitionKey, PartitionRecord>> records = new TreeMap<>();
  private final Map<PartitionRef, List<Transition>> history = new HashMap<>();

  @Override
  public synchronized Optional<PartitionRecord> get(PartitionRef partition) {
    return Optional.ofNullable(records.getOrDefault(partition.dataset(), new TreeMap<>()).get(partition.key()));
  }

  @Override
  public synchronized NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
    return Collections.unmodifiableNavigableMap(new TreeMap<>(records.getOrDefault(dataset, new TreeMap<>())));
  }

  @Override
  public synchronized List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds) {
    List<PartitionRecord> result = new ArrayList<>();
    for (TreeMap<PartitionKey, PartitionRecord> byKey : records.values()) {
      for (PartitionRecord r : byKey.values()) {
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
      records.computeIfAbsent(t.ref().dataset(), d -> new TreeMap<>()).put(t.ref().key(), t.after());
      history.computeIfAbsent(t.ref(), r -> new ArrayList<>()).add(t);
    }
  }

  @Override
  public synchronized List<Transition> history(PartitionRef partition) {
    return List.copyOf(history.getOrDefault(partition, List.of()));
  }
}
