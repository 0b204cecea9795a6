package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.LIFETIME;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEK_OVER_WEEK;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Task;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running example: 30 days loaded and built, then restatements, late data and compactions. */
class EcommercePropagationTest {

  private static final PartitionKey WHOLE_TABLE = PartitionKey.unpartitioned();

  private Simulation sim;

  @BeforeEach
  void loadThirtyDaysAndBuildEverything() {
    sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-30"));
    sim.runUntilIdle();
    assertThat(sim.inState(DAILY, Kind.FRESH)).hasSize(30);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(30);
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.FRESH)).hasSize(30);
    assertThat(sim.state(LIFETIME, WHOLE_TABLE)).isEqualTo(Kind.FRESH);
    sim.resetCounts();
  }

  @Test
  void restatingOneDayRerunsExactlyTheDependentPartitionsOnce() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(each("2024-01-10"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(sim.computed(WEEK_OVER_WEEK)).containsExactlyElementsOf(days("2024-01-10", "2024-01-23"));
    assertThat(sim.computed(LIFETIME)).containsExactly(WHOLE_TABLE);
    assertThat(sim.computed().values()).containsOnly(1);
    assertThat(sim.computed()).hasSize(1 + 7 + 14 + 1);
  }

  @Test
  void aRestatementMarksEveryAffectedPartitionStaleBeforeAnythingRuns() {
    Propagation propagation = sim.write(TRANSACTIONS, each("2024-01-10"));

    assertThat(propagation.affected(DatasetId.of(DAILY))).containsExactlyElementsOf(each("2024-01-10"));
    assertThat(propagation.affected(DatasetId.of(WEEKLY))).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(propagation.affected(DatasetId.of(WEEK_OVER_WEEK))).containsExactlyElementsOf(days("2024-01-10", "2024-01-23"));
    assertThat(propagation.affected(DatasetId.of(LIFETIME))).containsExactly(WHOLE_TABLE);
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.STALE)).containsExactlyElementsOf(days("2024-01-10", "2024-01-23"));
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(30 - 7);
  }

  @Test
  void aBurstOfThreeRestatedDaysRerunsEachDependentPartitionOnce() {
    sim.write(TRANSACTIONS, days("2024-01-10", "2024-01-12"));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-12"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-18"));
    assertThat(sim.computed(WEEK_OVER_WEEK)).containsExactlyElementsOf(days("2024-01-10", "2024-01-25"));
    assertThat(sim.computed(LIFETIME)).containsExactly(WHOLE_TABLE);
    assertThat(sim.computed().values()).containsOnly(1);
  }

  @Test
  void sevenRestatedDaysInSeparateEventsCoalesceIntoOneRunPerWeeklyPartition() {
    for (PartitionKey day : days("2024-01-10", "2024-01-16")) {
      sim.write(TRANSACTIONS, List.of(day));
    }
    sim.runUntilIdle();

    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-22"));
    assertThat(sim.computed().values()).containsOnly(1);
    assertThat(sim.tasksRun().stream().filter(t -> t.output().equals(DatasetId.of(WEEKLY))).count()).isEqualTo(13);
  }

  @Test
  void eventsArrivingWhileWorkIsPendingAreCoalesced() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.planner().plan(sim.now());
    assertThat(sim.inState(DAILY, Kind.PENDING)).containsExactlyElementsOf(each("2024-01-10"));

    sim.write(TRANSACTIONS, each("2024-01-11"));
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-11"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-17"));
    assertThat(sim.computed().values()).containsOnly(1);
  }

  @Test
  void wavesNeverRunAWeeklyPartitionOnAHalfUpdatedWeek() {
    sim.write(TRANSACTIONS, days("2024-01-10", "2024-01-12"));
    sim.runUntilIdle();

    List<Wave> waves = sim.waves();
    assertThat(outputs(waves.get(0))).containsOnly(DatasetId.of(DAILY));
    assertThat(waves.get(0).started()).hasSize(3);
    assertThat(outputs(waves.get(1))).containsOnly(DatasetId.of(WEEKLY), DatasetId.of(LIFETIME));
    assertThat(outputs(waves.get(2))).containsOnly(DatasetId.of(WEEK_OVER_WEEK));
    assertThat(waves.get(3).isEmpty()).isTrue();
  }

  @Test
  void lateDataForANewDayRunsThatDayAndTheWeekEndingOnIt() {
    sim.write(TRANSACTIONS, each("2024-01-31"));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(each("2024-01-31"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(each("2024-01-31"));
    assertThat(sim.computed(WEEK_OVER_WEEK)).containsExactlyElementsOf(each("2024-01-31"));
    assertThat(sim.computed(LIFETIME)).containsExactly(WHOLE_TABLE);
    assertThat(sim.store().partitions(DatasetId.of(WEEKLY))).hasSize(31);
  }

  @Test
  void aCompactionRunsNothing() {
    Propagation propagation = sim.event(new SnapshotChange("compaction", DatasetId.of(TRANSACTIONS),
        new TreeSet<>(days("2024-01-01", "2024-01-30")), 9999, false, false));
    sim.runUntilIdle();

    assertThat(propagation.affected()).isEmpty();
    assertThat(propagation.ignoredBecause()).hasValueSatisfying(why -> assertThat(why).contains("without changing data"));
    assertThat(sim.computed()).isEmpty();
  }

  @Test
  void theGatewaysOwnCommitRunsNothingByItself() {
    Propagation propagation = sim.event(new SnapshotChange("own", DatasetId.of(DAILY),
        new TreeSet<>(each("2024-01-10")), 9999, true, true));
    sim.runUntilIdle();

    assertThat(propagation.ignoredBecause()).hasValueSatisfying(why -> assertThat(why).contains("own commit"));
    assertThat(sim.computed()).isEmpty();
  }

  @Test
  void aRestatementThatLeavesTheDailyTotalsUnchangedStopsAtTheDailyTable() {
    long weeklyRead = sim.record(WEEKLY, PartitionKey.day("2024-01-16")).provenance().orElseThrow().inputs().values().stream()
        .mapToLong(v -> v.snapshotId()).sum();

    sim.rewriteSameRows(TRANSACTIONS, PartitionKey.day("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.computed().keySet()).extracting(r -> r.dataset().name()).containsOnly(DAILY);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(30);
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.FRESH)).hasSize(30);
    assertThat(sim.state(LIFETIME, WHOLE_TABLE)).isEqualTo(Kind.FRESH);
    long weeklyReadNow = sim.record(WEEKLY, PartitionKey.day("2024-01-16")).provenance().orElseThrow().inputs().values().stream()
        .mapToLong(v -> v.snapshotId()).sum();
    assertThat(weeklyReadNow).as("the weekly partition's provenance names the new daily snapshot").isNotEqualTo(weeklyRead);
  }

  private static List<DatasetId> outputs(Wave wave) {
    return wave.started().stream().map(r -> r.task().output()).distinct().toList();
  }
}
