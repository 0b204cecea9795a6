package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.GraphFixture.byMonth;
import static io.dataflow.gateway.planner.fixture.GraphFixture.from;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.SemanticsClass;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coarsening, graph changes and the recorded causes, each told as a short story. */
class PlannerStoryTest {

  private static DataflowGraph daysToMonths() {
    return GraphFixture.graph()
        .external(TRANSACTIONS)
        .map(DAILY, from(TRANSACTIONS, PartitionDependency.identity()))
        .transform("analytics.monthly", SemanticsClass.PARTIAL, byMonth(),
            from(DAILY, PartitionDependency.coarsening(Granularity.DAY, Granularity.MONTH)))
        .build();
  }

  @Test
  void restatedDaysOfOneMonthRerunThatMonthOnce() {
    Simulation sim = Simulation.of(daysToMonths());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-02-29"));
    sim.runUntilIdle();
    assertThat(sim.inState("analytics.monthly", Kind.FRESH)).containsExactly(PartitionKey.month("2024-01"), PartitionKey.month("2024-02"));
    sim.resetCounts();

    sim.write(TRANSACTIONS, days("2024-02-10", "2024-02-12"));
    sim.runUntilIdle();

    assertThat(sim.computed("analytics.monthly")).containsExactly(PartitionKey.month("2024-02"));
    assertThat(sim.computed().values()).containsOnly(1);
  }

  @Test
  void aNewTransformIsComputedForEveryPartitionItsInputsAlreadyHold() {
    Simulation sim = Simulation.of(GraphFixture.graph()
        .external(TRANSACTIONS)
        .map(DAILY, from(TRANSACTIONS, PartitionDependency.identity()))
        .build());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-05"));
    sim.runUntilIdle();
    sim.resetCounts();

    Propagation propagation = sim.planner().onGraphChange(GraphFixture.change(sim.planner().graph())
        .partial(WEEKLY, from(DAILY, PartitionDependency.window(-6, 0)))
        .build());
    sim.runUntilIdle();

    assertThat(propagation.affected(DatasetId.of(WEEKLY))).containsExactlyElementsOf(days("2024-01-01", "2024-01-05"));
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-01", "2024-01-05"));
    assertThat(sim.computed(DAILY)).isEmpty();
  }

  @Test
  void everyTransitionRecordsTheEventOrRunThatCausedIt() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-20"));
    sim.runUntilIdle();
    PartitionRef weekly16 = new PartitionRef(DatasetId.of(WEEKLY), PartitionKey.day("2024-01-16"));
    int before = sim.store().history(weekly16).size();

    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    List<Transition> history = sim.store().history(weekly16).subList(before, sim.store().history(weekly16).size());
    // started in the planning pass that found its inputs fresh: no pending state in between
    assertThat(history).extracting(t -> t.after().kind()).containsExactly(Kind.STALE, Kind.RUNNING, Kind.FRESH);
    assertThat(history.get(0).cause()).isEqualTo(new Cause.SnapshotEvent("event-2"));
    assertThat(history.get(1).cause()).isInstanceOf(Cause.Run.class).isEqualTo(history.get(2).cause());
  }

  @Test
  void aTaskPlannedWithoutAFreeWorkerRecordsItsPlanningThenItsRun() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-20"));
    sim.runUntilIdle();
    PartitionRef daily10 = new PartitionRef(DatasetId.of(DAILY), PartitionKey.day("2024-01-10"));
    int before = sim.store().history(daily10).size();

    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.planner().plan(sim.now(), 0);
    sim.runUntilIdle();

    List<Transition> history = sim.store().history(daily10).subList(before, sim.store().history(daily10).size());
    assertThat(history).extracting(t -> t.after().kind()).containsExactly(Kind.STALE, Kind.PENDING, Kind.RUNNING, Kind.FRESH);
    assertThat(history.get(1).cause()).isInstanceOf(Cause.Planning.class);
    assertThat(history.get(2).cause()).isInstanceOf(Cause.Run.class).isEqualTo(history.get(3).cause());
  }

  @Test
  void anEventWithAPartitionOfTheWrongGranularityIsRejected() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());

    assertThatThrownBy(() -> sim.write(TRANSACTIONS, List.of(PartitionKey.month("2024-01"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Partition 2024-01 does not fit raw.transactions, partitioned day(day)");
  }

  @Test
  void anEventForATableOutsideTheDataflowIsIgnored() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());

    Propagation propagation = sim.write("raw.unrelated", each("2024-01-01"));

    assertThat(propagation.ignoredBecause()).contains("raw.unrelated is not part of the dataflow");
  }

  @Test
  void aRestartedPlannerReturnsTheTasksPlannedBeforeTheRestart() {
    Simulation sim = Simulation.of(GraphFixture.ecommerce());
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-20"));
    sim.runUntilIdle();
    sim.write(TRANSACTIONS, each("2024-01-10"));
    List<io.dataflow.gateway.planner.state.Task> planned = sim.planner().plan(sim.now()).tasks();

    Planner restarted = new Planner(sim.planner().graph(), sim.store(), io.dataflow.gateway.planner.cost.CostModel.perPartition(),
        RetryPolicy.defaults(), IdSource.random());

    assertThat(restarted.plan(sim.now()).tasks()).isEqualTo(planned);
  }
}
