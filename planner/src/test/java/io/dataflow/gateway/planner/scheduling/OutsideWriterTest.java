package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.LIFETIME;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.TaskId;
import org.junit.jupiter.api.Test;

/** A writer outside the dataflow (a fallback task) that declares an external input as its output. */
class OutsideWriterTest {

  private static final PartitionKey DAY = PartitionKey.day("2024-01-10");
  private static final Cause.FallbackRun FAILED_RUN = new Cause.FallbackRun("ingest.load_transactions", 7);
  private static final Cause.FallbackRun LATER_RUN = new Cause.FallbackRun("ingest.load_transactions", 8);

  private static Simulation built() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-20"));
    sim.runUntilIdle();
    sim.resetCounts();
    return sim;
  }

  private static long snapshotOf(Simulation sim, PartitionKey key) {
    return sim.record(TRANSACTIONS, key).version().orElseThrow().snapshotId();
  }

  @Test
  void aFailedRunFailsItsPartitionsAndBlocksEverythingComputedFromThemButNothingElse() {
    Simulation sim = built();

    FailureOutcome.GaveUp outcome = sim.planner().onExternalFailure(DatasetId.of(TRANSACTIONS), each("2024-01-10"),
        "exit code 3", new TaskId("fallback:ingest.load_transactions#7"), FAILED_RUN);
    sim.runUntilIdle();

    assertThat(sim.record(TRANSACTIONS, DAY).state()).isEqualTo(new PartitionState.Failed("exit code 3", new TaskId("fallback:ingest.load_transactions#7")));
    assertThat(sim.inState(DAILY, Kind.BLOCKED)).containsExactly(DAY);
    assertThat(sim.inState(WEEKLY, Kind.BLOCKED)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(sim.inState(LIFETIME, Kind.BLOCKED)).containsExactly(PartitionKey.unpartitioned());
    assertThat(sim.record(WEEKLY, PartitionKey.day("2024-01-16")).state())
        .isEqualTo(new PartitionState.Blocked(new PartitionRef(DatasetId.of(TRANSACTIONS), DAY)));
    assertThat(outcome.blocked()).contains(new PartitionRef(DatasetId.of(DAILY), DAY));
    assertThat(sim.state(TRANSACTIONS, PartitionKey.day("2024-01-09"))).isEqualTo(Kind.FRESH);
    assertThat(sim.state(DAILY, PartitionKey.day("2024-01-09"))).isEqualTo(Kind.FRESH);
    assertThat(sim.computed()).isEmpty();
    assertThat(sim.store().history(new PartitionRef(DatasetId.of(DAILY), DAY)).getLast().cause()).isEqualTo(FAILED_RUN);
  }

  @Test
  void aLaterRunOfTheSameContentsUnblocksWithoutRecomputing() {
    Simulation sim = built();
    sim.planner().onExternalFailure(DatasetId.of(TRANSACTIONS), each("2024-01-10"), "exit code 3",
        new TaskId("fallback:ingest.load_transactions#7"), FAILED_RUN);

    sim.planner().onExternalWrite(DatasetId.of(TRANSACTIONS), each("2024-01-10"), snapshotOf(sim, DAY), LATER_RUN);
    sim.runUntilIdle();

    assertThat(sim.state(TRANSACTIONS, DAY)).isEqualTo(Kind.FRESH);
    assertThat(sim.inState(DAILY, Kind.FRESH)).containsExactlyElementsOf(days("2024-01-01", "2024-01-20"));
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).containsExactlyElementsOf(days("2024-01-01", "2024-01-20"));
    assertThat(sim.state(LIFETIME, PartitionKey.unpartitioned())).isEqualTo(Kind.FRESH);
    assertThat(sim.computed()).isEmpty();
  }

  @Test
  void aRunThatAlsoCommittedThroughTheCatalogRecomputesTheDownstreamOnce() {
    Simulation sim = built();
    sim.write(TRANSACTIONS, each("2024-01-10"));
    // the run's outcome names the snapshot the catalog has just announced, before anything ran
    sim.planner().onExternalWrite(DatasetId.of(TRANSACTIONS), each("2024-01-10"), snapshotOf(sim, DAY), LATER_RUN);
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactly(DAY);
    assertThat(sim.computed().values()).containsOnly(1);
    sim.resetCounts();

    // and once more, after everything ran from it
    sim.planner().onExternalWrite(DatasetId.of(TRANSACTIONS), each("2024-01-10"), snapshotOf(sim, DAY), LATER_RUN);
    sim.runUntilIdle();
    assertThat(sim.computed()).isEmpty();
  }

  @Test
  void aDatasetTheDataflowProducesIsNotAnOutsideWritersOutput() {
    Simulation sim = built();

    assertThatThrownBy(() -> sim.planner().onExternalWrite(DatasetId.of(DAILY), each("2024-01-10"), 1L, LATER_RUN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytics.daily_customer_totals is produced by transform");
    assertThatThrownBy(() -> sim.planner().onExternalFailure(DatasetId.of("raw.unknown"), each("2024-01-10"), "x",
        new TaskId("t"), FAILED_RUN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown dataset raw.unknown: it is not part of the dataflow");
  }
}
