package io.dataflow.gateway.planner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.List;
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
  void twoTransitionsOfOnePartitionInOneBatchAreRejected() {
    Transition create = Transition.create(PartitionRecord.newStale(DAY_10), EVENT);
    assertThatThrownBy(() -> store.apply(List.of(create, create)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Two transitions in one batch for analytics.daily[2024-01-10]");
    assertThat(store.get(DAY_10)).isEqualTo(Optional.empty());
  }
}
