package io.dataflow.gateway.planner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} must do; each implementation's test extends this suite. */
public abstract class StateStoreContract {

  private static final PartitionRef DAY_10 = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-10"));
  private static final PartitionRef DAY_11 = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-11"));
  private static final Cause EVENT = new Cause.SnapshotEvent("event-1");

  private StateStore store;

  protected abstract StateStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void anUntrackedPartitionHasNoRecord() {
    assertThat(store.get(DAY_10)).isEmpty();
    assertThat(store.partitions(DAY_10.dataset())).isEmpty();
  }

  @Test
  void appliedTransitionsAreReadBackWithTheirCause() {
    PartitionRecord stale = PartitionRecord.newStale(DAY_10);
    store.apply(List.of(Transition.create(stale, EVENT)));
    PartitionRecord fresh = stale.withState(PartitionState.fresh()).withVersion(PartitionVersion.of(7, "abc"));
    store.apply(List.of(Transition.of(stale, fresh, new Cause.Run(new RunId("run-1")))));

    assertThat(store.get(DAY_10)).contains(fresh);
    assertThat(store.partitions(DAY_10.dataset())).containsOnlyKeys(DAY_10.key());
    assertThat(store.inStates(Set.of(PartitionState.Kind.FRESH))).containsExactly(fresh);
    assertThat(store.history(DAY_10)).extracting(Transition::cause).containsExactly(EVENT, new Cause.Run(new RunId("run-1")));
  }

  @Test
  void aBatchWithOneOutdatedTransitionAppliesNothing() {
    PartitionRecord stale = PartitionRecord.newStale(DAY_10);
    store.apply(List.of(Transition.create(stale, EVENT)));

    List<Transition> batch = List.of(
        Transition.create(PartitionRecord.newStale(DAY_11), EVENT),
        Transition.of(stale.withState(PartitionState.fresh()), stale, EVENT));

    assertThatThrownBy(() -> store.apply(batch))
        .isInstanceOf(ConflictingTransitionException.class)
        .hasMessageContaining("analytics.daily[2024-01-10]")
        .hasMessageContaining("no transition of the batch was applied");
    assertThat(store.get(DAY_11)).isEmpty();
    assertThat(store.history(DAY_11)).isEmpty();
  }

  @Test
  void creatingAPartitionThatIsAlreadyTrackedIsAConflict() {
    store.apply(List.of(Transition.create(PartitionRecord.newStale(DAY_10), EVENT)));

    assertThatThrownBy(() -> store.apply(List.of(Transition.create(PartitionRecord.newStale(DAY_10), EVENT))))
        .isInstanceOf(ConflictingTransitionException.class);
  }

  @Test
  void theKeysOfSeveralDatasetsAreEachDatasetsKeysAndNoneForOneWithoutPartitions() {
    DatasetId weekly = DatasetId.of("analytics.weekly");
    DatasetId untracked = DatasetId.of("analytics.untracked");
    store.apply(List.of(
        Transition.create(PartitionRecord.newStale(DAY_10), EVENT),
        Transition.create(PartitionRecord.newStale(new PartitionRef(DAY_10.dataset(), PartitionKey.day("2024-01-09"))), EVENT),
        Transition.create(PartitionRecord.newStale(new PartitionRef(weekly, PartitionKey.day("2024-01-16"))), EVENT)));

    Map<DatasetId, java.util.NavigableSet<PartitionKey>> keys = store.keys(List.of(DAY_10.dataset(), weekly, untracked));

    assertThat(keys).containsOnlyKeys(DAY_10.dataset(), weekly, untracked);
    assertThat(keys.get(DAY_10.dataset())).containsExactly(PartitionKey.day("2024-01-09"), PartitionKey.day("2024-01-10"));
    assertThat(keys.get(weekly)).containsExactly(PartitionKey.day("2024-01-16"));
    assertThat(keys.get(untracked)).isEmpty();
    assertThat(store.keys(List.of())).isEmpty();
  }

  @Test
  void aPageOfADatasetsPartitionsStartsAfterItsCursorInKeyOrderAndKeepsToItsState() {
    DatasetId monthly = DatasetId.of("analytics.paged");
    List<Transition> created = new java.util.ArrayList<>();
    // 40 days over a month boundary, created out of order; every third one fresh
    for (int i = 39; i >= 0; i--) {
      PartitionRecord stale = PartitionRecord.newStale(new PartitionRef(monthly, PartitionKey.day("2024-01-25").plus(i)));
      created.add(Transition.create(i % 3 == 0 ? stale.withState(PartitionState.fresh()) : stale, EVENT));
    }
    created.add(Transition.create(PartitionRecord.newStale(new PartitionRef(DatasetId.of("analytics.other"), PartitionKey.day("2024-02-01"))),
        EVENT));
    store.apply(created);
    PartitionRecord unpartitioned = PartitionRecord.newStale(new PartitionRef(DatasetId.of("analytics.whole"), PartitionKey.unpartitioned()));
    store.apply(List.of(Transition.create(unpartitioned, EVENT)));

    assertThat(store.partitions(monthly, Optional.empty(), Optional.empty(), 5)).extracting(r -> r.ref().key().value())
        .containsExactly("2024-01-25", "2024-01-26", "2024-01-27", "2024-01-28", "2024-01-29");
    assertThat(store.partitions(monthly, Optional.empty(), Optional.of(PartitionKey.day("2024-01-30")), 4)).extracting(r -> r.ref().key().value())
        .containsExactly("2024-01-31", "2024-02-01", "2024-02-02", "2024-02-03");
    assertThat(store.partitions(monthly, Optional.of(PartitionState.Kind.FRESH), Optional.of(PartitionKey.day("2024-02-20")), 10))
        .extracting(r -> r.ref().key().value())
        .containsExactly("2024-02-21", "2024-02-24", "2024-02-27", "2024-03-01", "2024-03-04");
    assertThat(store.partitions(monthly, Optional.of(PartitionState.Kind.STALE), Optional.of(PartitionKey.day("2024-03-04")), 10)).isEmpty();
    assertThat(store.partitions(DatasetId.of("analytics.whole"), Optional.empty(), Optional.empty(), 1)).containsExactly(unpartitioned);
    assertThatThrownBy(() -> store.partitions(monthly, Optional.empty(), Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid page of partitions of analytics.paged: limit 0, expected at least 1");
  }

  @Test
  void twoTransitionsOfOnePartitionInOneBatchAreRejected() {
    Transition create = Transition.create(PartitionRecord.newStale(DAY_10), EVENT);
    assertThatThrownBy(() -> store.apply(List.of(create, create)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Two transitions in one batch for analytics.daily[2024-01-10]");
    assertThat(store.get(DAY_10)).isEqualTo(Optional.empty());
  }

  @Test
  void oneBatchOverSeveralDatasetsIsAppliedWholeAndReadBackByKeysAndByPartitions() {
    PartitionRef lifetime = new PartitionRef(DatasetId.of("analytics.ltv"), PartitionKey.unpartitioned());
    PartitionRef weekly = new PartitionRef(DatasetId.of("analytics.weekly"), PartitionKey.day("2024-01-10"));
    PartitionRecord stale = PartitionRecord.newStale(DAY_10);
    store.apply(List.of(Transition.create(stale, EVENT)));
    PartitionRecord fresh = stale.withState(PartitionState.fresh()).withVersion(PartitionVersion.of(8, "c0ffee"));
    Cause run = new Cause.Run(new RunId("run-2"));

    store.apply(List.of(
        Transition.create(PartitionRecord.newStale(weekly), run),
        Transition.of(stale, fresh, run),
        Transition.create(PartitionRecord.newStale(lifetime), run),
        Transition.create(PartitionRecord.newStale(DAY_11), run)));

    assertThat(store.getAll(List.of(DAY_10, DAY_11, weekly, lifetime,
        new PartitionRef(DatasetId.of("analytics.weekly"), PartitionKey.day("2024-01-11")))))
        .as("the untracked one left out")
        .containsOnly(
            java.util.Map.entry(DAY_10, fresh),
            java.util.Map.entry(DAY_11, PartitionRecord.newStale(DAY_11)),
            java.util.Map.entry(weekly, PartitionRecord.newStale(weekly)),
            java.util.Map.entry(lifetime, PartitionRecord.newStale(lifetime)));
    assertThat(store.getAll(List.of())).isEmpty();
    assertThat(store.keys(DAY_10.dataset())).containsExactly(DAY_10.key(), DAY_11.key());
    assertThat(store.keys(lifetime.dataset())).containsExactly(PartitionKey.unpartitioned());
    assertThat(store.keys(DatasetId.of("analytics.unknown"))).isEmpty();
    assertThat(store.history(DAY_10)).extracting(Transition::cause).containsExactly(EVENT, run);
    assertThat(store.history(DAY_10).getLast().before()).contains(stale);
    assertThat(store.history(lifetime)).containsExactly(Transition.create(PartitionRecord.newStale(lifetime), run));
  }
}
