package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.Transition;
import java.util.Collection;
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
    for (PartitionRef ref : refs) {
      if (into.containsKey(ref)) {
        continue;
      }
      Optional<PartitionRecord> current = store.get(ref);
      if (current.isEmpty()) {
        into.put(ref, Transition.create(PartitionRecord.newStale(ref), cause));
        continue;
      }
      PartitionRecord record = current.get();
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
          cancel(p.task(), cause, into);
        }
        default -> into.put(ref, Transition.of(record, record.withState(PartitionState.stale()).withProvenance(provenance), cause));
      }
    }
  }

  private void cancel(Task task, Cause cause, Map<PartitionRef, Transition> into) {
    for (PartitionKey key : task.partitions()) {
      PartitionRef ref = new PartitionRef(task.output(), key);
      if (into.containsKey(ref)) {
        continue;
      }
      store.get(ref)
          .filter(r -> r.state() instanceof PartitionState.Pending p && p.task().id().equals(task.id()))
          .ifPresent(r -> into.put(ref, Transition.of(r, r.withState(PartitionState.stale()), cause)));
    }
  }
}
