package io.dataflow.gateway.planner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.TransformId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return new InMemoryStateStore();
  }

  private static final Cause EVENT = new Cause.SnapshotEvent("event-1");
  private static final DatasetId WEEKLY = DatasetId.of("analytics.weekly");
  private static final DatasetId DAILY = DatasetId.of("analytics.daily");

  private static PartitionRef ref(DatasetId dataset, String day) {
    return new PartitionRef(dataset, PartitionKey.day(day));
  }

  /** The index of the states other than fresh follows every transition, and answers in partition order. */
  @Test
  void stateQueriesFollowEveryTransitionInPartitionOrder() {
    InMemoryStateStore store = new InMemoryStateStore();
    // Created out of order, across two datasets.
    PartitionRecord w11 = PartitionRecord.newStale(ref(WEEKLY, "2024-01-11"));
    PartitionRecord d12 = PartitionRecord.newStale(ref(DAILY, "2024-01-12"));
    PartitionRecord w10 = PartitionRecord.newStale(ref(WEEKLY, "2024-01-10"));
    PartitionRecord d10 = new PartitionRecord(ref(DAILY, "2024-01-10"), PartitionState.fresh(),
        java.util.Optional.of(PartitionVersion.of(1)), java.util.Optional.empty());
    store.apply(List.of(Transition.create(w11, EVENT), Transition.create(d12, EVENT),
        Transition.create(w10, EVENT), Transition.create(d10, EVENT)));

    assertThat(store.inStates(Set.of(PartitionState.Kind.STALE))).containsExactly(d12, w10, w11);
    assertThat(store.inStates(Set.of(PartitionState.Kind.FRESH))).containsExactly(d10);
    assertThat(store.inStates(Set.of(PartitionState.Kind.PENDING))).isEmpty();

    Task task = new Task(new TaskId("weekly-1"), TransformId.of("weekly"), WEEKLY,
        new java.util.TreeSet<>(List.of(w10.ref().key())), Task.Strategy.PER_PARTITION, "test", 1, 0);
    PartitionRecord w10Pending = w10.withState(new PartitionState.Pending(task, Instant.EPOCH));
    PartitionRecord d12Fresh = d12.withState(PartitionState.fresh()).withVersion(PartitionVersion.of(2));
    PartitionRecord d10Stale = d10.withState(PartitionState.stale());
    store.apply(List.of(Transition.of(w10, w10Pending, EVENT), Transition.of(d12, d12Fresh, EVENT),
        Transition.of(d10, d10Stale, EVENT)));

    assertThat(store.inStates(Set.of(PartitionState.Kind.STALE))).containsExactly(d10Stale, w11);
    assertThat(store.inStates(Set.of(PartitionState.Kind.PENDING))).containsExactly(w10Pending);
    assertThat(store.inStates(Set.of(PartitionState.Kind.STALE, PartitionState.Kind.PENDING)))
        .containsExactly(d10Stale, w10Pending, w11);
    assertThat(store.inStates(Set.of(PartitionState.Kind.FRESH, PartitionState.Kind.PENDING)))
        .containsExactly(d12Fresh, w10Pending);

    assertThat(store.pendingFor(task.id())).containsExactly(w10Pending);
    PartitionRecord w10Running = w10Pending.withState(new PartitionState.Running(task, new RunId("run-1"),
        Provenance.of("sql", java.util.Map.of())));
    store.apply(List.of(Transition.of(w10Pending, w10Running, EVENT)));
    assertThat(store.pendingFor(task.id())).isEmpty();
    assertThat(store.runningUnder(new RunId("run-1"))).containsExactly(w10Running);
    assertThat(store.inStates(Set.of(PartitionState.Kind.RUNNING))).containsExactly(w10Running);
    PartitionRecord w10Fresh = w10Running.withState(PartitionState.fresh());
    store.apply(List.of(Transition.of(w10Running, w10Fresh, EVENT)));
    assertThat(store.runningUnder(new RunId("run-1"))).isEmpty();

    List<PartitionRecord> everything = new ArrayList<>(store.inStates(Set.of(PartitionState.Kind.values())));
    assertThat(everything).containsExactly(d10Stale, d12Fresh, w10Fresh, w11);
  }
}
