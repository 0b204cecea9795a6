package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.Transition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns "these partitions must be recomputed" into transitions. A partition already stale needs none
 * (that is how bursts coalesce); a pending task touching one is cancelled as a whole, so it never runs
 * on inputs about to change; a running one is left to finish and is found stale when it ends.
 */
final class Invalidation {

  private final StateStore store;

  Invalidation(StateStore store) {
    this.store = store;
  }

  /**
   * Adds to {@code into} a transition to stale for each of {@code refs} that needs one, skipping
   * partitions {@code into} already changes.
   *
   * @param forgetProvenance whether to drop what the partitions were computed from, so that they are
   *     recomputed even if their inputs turn out unchanged (a backfill)
   */
  void markStale(Collection<PartitionRef> refs, Cause cause, boolean forgetProvenance, Map<PartitionRef, Transition> into) {
    // one read for all of them: the store answers a batch as cheaply as one partition
    markStale(refs, cause, forgetProvenance, into, store.getAll(refs.stream().filter(r -> !into.containsKey(r)).toList()));
  }

  /**
   * {@link #markStale(Collection, Cause, boolean, Map)} with the records of {@code refs} read already:
   * {@code current} holds every one of them that is tracked.
   */
  void markStale(Collection<PartitionRef> refs, Cause cause, boolean forgetProvenance, Map<PartitionRef, Transition> into,
      Map<PartitionRef, PartitionRecord> current) {
    for (PartitionRef ref : refs) {
      if (into.containsKey(ref)) {
        continue;
      }
      PartitionRecord record = current.get(ref);
      if (record == null) {
        into.put(ref, Transition.create(PartitionRecord.newStale(ref), cause));
        continue;
      }
      Optional<Provenance> provenance = forgetProvenance ? Optional.empty() : record.provenance();
      switch (record.state()) {
        case PartitionState.Running r -> { }
        case PartitionState.Stale s -> {
          if (!provenance.equals(record.provenance())) {
            into.put(ref, Transition.of(record, record.withProvenance(provenance), cause));
          }
        }
        case PartitionState.Pending p -> {
          into.put(ref, Transition.of(record, record.withState(PartitionState.stale()).withProvenance(provenance), cause));
          cancel(p.task(), cause, current, into);
        }
        default -> into.put(ref, Transition.of(record, record.withState(PartitionState.stale()).withProvenance(provenance), cause));
      }
    }
  }

  /**
   * Puts back to stale the other partitions pending under {@code task}.
   *
   * @param known records read already, by partition
   */
  private void cancel(Task task, Cause cause, Map<PartitionRef, PartitionRecord> known, Map<PartitionRef, Transition> into) {
    List<PartitionRef> others = task.partitions().stream()
        .map(key -> new PartitionRef(task.output(), key))
        .filter(ref -> !into.containsKey(ref))
        .toList();
    Map<PartitionRef, PartitionRecord> records = new HashMap<>(store.getAll(others.stream().filter(r -> !known.containsKey(r)).toList()));
    others.forEach(ref -> Optional.ofNullable(known.get(ref)).ifPresent(r -> records.put(ref, r)));
    for (PartitionRef ref : others) {
      Optional.ofNullable(records.get(ref))
          .filter(r -> r.state() instanceof PartitionState.Pending p && p.task().id().equals(task.id()))
          .ifPresent(r -> into.put(ref, Transition.of(r, r.withState(PartitionState.stale()), cause)));
    }
  }
}
