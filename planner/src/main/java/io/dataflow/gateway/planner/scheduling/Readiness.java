package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.PartitionSet;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * Whether an output partition can be computed now, judged from the states of the input partitions it
 * reads. A blocked input outranks a missing one, which outranks one still under way.
 */
sealed interface Readiness {

  /** Every input partition read is fresh; these are their versions. */
  record Ready(Map<PartitionRef, PartitionVersion> inputs) implements Readiness {}

  /** Some input partition is stale, pending or running: wait for it (glitch freedom). */
  record NotYet() implements Readiness {}

  /** An input partition failed, or is blocked by a failure. */
  record Blocked(PartitionRef cause) implements Readiness {}

  /** An external input has none of the partitions read. */
  record Waiting(DatasetId dataset, NavigableSet<PartitionKey> missing) implements Readiness {}

  /**
   * Judges output partition {@code output} of {@code transform}. Partitions of produced inputs that are
   * not tracked do not exist (the edge of a window); an external input must hold at least one of the
   * partitions read, or the output waits for data.
   */
  static Readiness of(DataflowGraph graph, StateStore store, Transform transform, PartitionKey output) {
    return of(graph, store, Map.of(), transform, output);
  }

  /**
   * Judges output partition {@code output} of {@code transform} as {@link #of(DataflowGraph, StateStore,
   * Transform, PartitionKey)} does, where {@code changed} holds the records a planning pass has changed
   * and not yet written: they stand in for the store's.
   */
  static Readiness of(DataflowGraph graph, StateStore store, Map<PartitionRef, PartitionRecord> changed, Transform transform,
      PartitionKey output) {
    Map<PartitionRef, PartitionVersion> versions = new TreeMap<>();
    Readiness verdict = null;
    for (Input input : transform.inputs()) {
      PartitionSet wanted = input.dependency().inputsOf(output);
      NavigableSet<PartitionKey> read;
      List<PartitionRecord> present = new ArrayList<>();
      if (wanted instanceof PartitionSet.All) {
        NavigableMap<PartitionKey, PartitionRecord> existing = store.partitions(input.dataset());
        if (!changed.isEmpty()) {
          existing = new TreeMap<>(existing);
          for (PartitionRecord record : changed.values()) {
            if (record.ref().dataset().equals(input.dataset())) {
              existing.put(record.ref().key(), record);
            }
          }
        }
        read = wanted.resolve(existing.navigableKeySet());
        present.addAll(existing.values());
      } else {
        // Look up only the partitions read: a window reads a handful of a table's thousands.
        read = wanted.resolve(List.of());
        for (PartitionKey key : read) {
          PartitionRef ref = new PartitionRef(input.dataset(), key);
          PartitionRecord record = changed.get(ref);
          if (record != null) {
            present.add(record);
          } else {
            store.get(ref).ifPresent(present::add);
          }
        }
      }
      if (present.isEmpty() && graph.requireDataset(input.dataset()).isExternal()) {
        verdict = worse(verdict, new Waiting(input.dataset(), read));
      }
      for (PartitionRecord record : present) {
        switch (record.state()) {
          case PartitionState.Fresh f when record.version().isPresent() -> versions.put(record.ref(), record.version().get());
          case PartitionState.Failed f -> verdict = worse(verdict, new Blocked(record.ref()));
          case PartitionState.Blocked b -> verdict = worse(verdict, new Blocked(b.cause()));
          default -> verdict = worse(verdict, new NotYet());
        }
      }
    }
    return verdict == null ? new Ready(versions) : verdict;
  }

  private static Readiness worse(Readiness current, Readiness candidate) {
    return current == null || rank(candidate) > rank(current) ? candidate : current;
  }

  private static int rank(Readiness r) {
    return switch (r) {
      case Ready x -> 0;
      case NotYet x -> 1;
      case Waiting x -> 2;
      case Blocked x -> 3;
    };
  }
}
