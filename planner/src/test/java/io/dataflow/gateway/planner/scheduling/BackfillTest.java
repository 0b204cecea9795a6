package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static io.dataflow.gateway.planner.fixture.Simulation.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Task;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackfillTest {

  private Simulation sim;

  @BeforeEach
  void buildTenDays() {
    sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-10"));
    sim.runUntilIdle();
    sim.resetCounts();
  }

  private static Backfill backfill(String dataset, String from, String to, Backfill.Order order) {
    return new Backfill("bf-1", DatasetId.of(dataset), PartitionKey.day(from), PartitionKey.day(to), order);
  }

  @Test
  void aNewestFirstBackfillStartsItsTasksNewestFirst() {
    sim.backfill(backfill(DAILY, "2024-01-01", "2024-01-05", Backfill.Order.NEWEST_FIRST));

    Wave wave = sim.planner().plan(sim.now());

    assertThat(wave.tasks()).extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-01", "2024-01-05").reversed());
  }

  @Test
  void anOldestFirstBackfillStartsItsTasksOldestFirst() {
    sim.backfill(backfill(DAILY, "2024-01-01", "2024-01-05", Backfill.Order.OLDEST_FIRST));

    assertThat(sim.planner().plan(sim.now()).tasks()).extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-01", "2024-01-05"));
  }

  @Test
  void aBackfillRecomputesEvenPartitionsWhoseInputsDidNotChange() {
    sim.backfill(backfill(DAILY, "2024-01-03", "2024-01-04", Backfill.Order.OLDEST_FIRST));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(days("2024-01-03", "2024-01-04"));
    assertThat(sim.computed(WEEKLY)).as("unchanged daily contents stop the cascade").isEmpty();
  }

  @Test
  void aBackfillNeverStartsATaskBeforeItsInputsAreFresh() {
    sim.write(TRANSACTIONS, days("2024-01-02", "2024-01-03"));
    sim.backfill(backfill(WEEKLY, "2024-01-01", "2024-01-10", Backfill.Order.NEWEST_FIRST));

    Wave first = sim.step();
    assertThat(started(first)).filteredOn(t -> t.output().equals(DatasetId.of(WEEKLY)))
        .as("only the weeks that do not read the restated days 2 and 3, newest first")
        .extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(each("2024-01-10", "2024-01-01"));
    assertThat(started(first)).filteredOn(t -> t.output().equals(DatasetId.of(DAILY)))
        .extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-02", "2024-01-03"));

    Wave second = sim.step();
    assertThat(started(second)).extracting(Task::output).doesNotContain(DatasetId.of(DAILY));
    assertThat(started(second)).filteredOn(t -> t.output().equals(DatasetId.of(WEEKLY)))
        .extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-02", "2024-01-09").reversed());
  }

  @Test
  void aRestartedPlannerRunsTheRemainingPartitionsOfABackfillInItsOrderWithoutRerunningTheDoneOnes() {
    sim.write(TRANSACTIONS, days("2024-01-02", "2024-01-03"));
    Backfill newestFirst = backfill(WEEKLY, "2024-01-01", "2024-01-10", Backfill.Order.NEWEST_FIRST);
    sim.backfill(newestFirst);
    sim.step();
    assertThat(sim.computed(WEEKLY)).as("done before the restart").containsExactlyElementsOf(each("2024-01-01", "2024-01-10"));

    sim.restart(newestFirst);

    Wave afterRestart = sim.step();
    assertThat(started(afterRestart)).filteredOn(t -> t.output().equals(DatasetId.of(WEEKLY)))
        .as("the weeks left stale at the restart, still newest first")
        .extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-02", "2024-01-09").reversed());
    sim.runUntilIdle();
    assertThat(sim.computed().entrySet()).filteredOn(e -> e.getKey().dataset().equals(DatasetId.of(WEEKLY)))
        .as("every week of the range computed once, none again after the restart")
        .hasSize(10)
        .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(1));
    assertThat(sim.planner().progress("bf-1")).isEqualTo(new BackfillProgress(10, 10, 0, 0));
  }

  @Test
  void resumingABackfillChangesNoPartitionState() {
    Backfill backfill = backfill(DAILY, "2024-01-01", "2024-01-05", Backfill.Order.NEWEST_FIRST);
    sim.backfill(backfill);
    var before = sim.store().inStates(java.util.EnumSet.allOf(Kind.class));

    sim.restart(backfill);

    assertThat(sim.store().inStates(java.util.EnumSet.allOf(Kind.class))).isEqualTo(before);
    assertThat(sim.planner().progress("bf-1")).isEqualTo(new BackfillProgress(5, 0, 0, 0));
    assertThat(sim.planner().plan(sim.now()).tasks()).extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-01", "2024-01-05").reversed());
  }

  @Test
  void aBackfillOfADatasetNoLongerProducedCannotBeResumed() {
    assertThatThrownBy(() -> sim.restart(backfill(TRANSACTIONS, "2024-01-01", "2024-01-02", Backfill.Order.OLDEST_FIRST)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot resume backfill bf-1 of %s: it is now an external input", TRANSACTIONS);
  }

  @Test
  void progressCountsFreshPartitionsOfTheRange() {
    sim.backfill(backfill(WEEKLY, "2024-01-01", "2024-01-10", Backfill.Order.NEWEST_FIRST));
    assertThat(sim.planner().progress("bf-1")).isEqualTo(new BackfillProgress(10, 0, 0, 0));

    sim.runUntilIdle();

    BackfillProgress progress = sim.planner().progress("bf-1");
    assertThat(progress).isEqualTo(new BackfillProgress(10, 10, 0, 0));
    assertThat(progress.isComplete()).isTrue();
    assertThat(progress).hasToString("10/10 done");
  }

  @Test
  void anExternalDatasetCannotBeBackfilled() {
    assertThatThrownBy(() -> sim.backfill(backfill(TRANSACTIONS, "2024-01-01", "2024-01-02", Backfill.Order.OLDEST_FIRST)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("external input");
  }

  @Test
  void aBackfillRangeMustBeOrdered() {
    assertThatThrownBy(() -> backfill(DAILY, "2024-01-05", "2024-01-01", Backfill.Order.OLDEST_FIRST))
        .hasMessage("Invalid backfill range: from 2024-01-05 is after to 2024-01-01");
  }

  @Test
  void aBackfillOfNewPartitionsWaitsForExternalData() {
    sim.backfill(backfill(DAILY, "2024-01-11", "2024-01-12", Backfill.Order.OLDEST_FIRST));
    sim.runUntilIdle();

    assertThat(sim.inState(DAILY, Kind.WAITING_FOR_DATA)).containsExactlyElementsOf(days("2024-01-11", "2024-01-12"));
    assertThat(sim.planner().progress("bf-1")).isEqualTo(new BackfillProgress(2, 0, 0, 2));
    assertThat(List.copyOf(sim.computed().keySet())).isEmpty();
  }
}
