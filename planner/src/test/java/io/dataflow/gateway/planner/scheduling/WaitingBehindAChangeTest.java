package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.LIFETIME;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEK_OVER_WEEK;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Task;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partitions a change leaves stale downstream wait for their inputs in every wave, whatever the
 * planner can tell about them without reading those inputs: stale while an input is still to be
 * computed, blocked as soon as one they read has failed, even if another is still stale.
 */
class WaitingBehindAChangeTest {

  private Simulation sim;

  @BeforeEach
  void buildTwentyDays() {
    sim = Simulation.ecommerceBuiltOverTwentyDays();
  }

  private static boolean writesDaily(Task task, String day) {
    return task.output().equals(DatasetId.of(DAILY)) && task.partitions().contains(PartitionKey.day(day));
  }

  @Test
  void theFirstWaveAfterARestatementRunsOnlyTheRestatedDayAndLeavesTheRestStale() {
    sim.write(TRANSACTIONS, each("2024-01-10"));

    Wave first = sim.planner().plan(sim.now());

    assertThat(first.tasks()).extracting(Task::output).containsExactly(DatasetId.of(DAILY));
    assertThat(sim.inState(WEEKLY, Kind.STALE)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.STALE)).containsExactlyElementsOf(days("2024-01-10", "2024-01-20"));
    assertThat(sim.state(LIFETIME, PartitionKey.unpartitioned())).isEqualTo(Kind.STALE);
  }

  @Test
  void aPartitionReadingAFailedInputIsBlockedEvenWhileAnotherInputIsStillStale() {
    sim.failing(task -> writesDaily(task, "2024-01-05") ? Optional.of(Failure.permanent("division by zero")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-05"));
    sim.runUntilIdle();
    sim.write(TRANSACTIONS, each("2024-01-03"));

    sim.planner().plan(sim.now());

    assertThat(sim.inState(WEEKLY, Kind.BLOCKED)).as("the weeks that read the failed day 5")
        .containsExactlyElementsOf(days("2024-01-05", "2024-01-11"));
    assertThat(sim.record(WEEKLY, PartitionKey.day("2024-01-09")).state())
        .isEqualTo(new PartitionState.Blocked(new PartitionRef(DatasetId.of(DAILY), PartitionKey.day("2024-01-05"))));
    assertThat(sim.inState(WEEKLY, Kind.STALE)).as("the weeks that read the restated day 3 only")
        .containsExactlyElementsOf(days("2024-01-03", "2024-01-04"));
  }

  @Test
  void theCascadeRunsEachAffectedPartitionOnceInDependencyOrder() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(each("2024-01-10"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(sim.computed(WEEK_OVER_WEEK)).containsExactlyElementsOf(days("2024-01-10", "2024-01-20"));
    assertThat(sim.computed(LIFETIME)).containsExactly(PartitionKey.unpartitioned());
    assertThat(sim.computed().values()).allMatch(runs -> runs == 1);
  }
}
