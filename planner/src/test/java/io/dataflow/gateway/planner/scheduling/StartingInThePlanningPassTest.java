package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Transition;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A planning pass starts as many of the tasks due as the executor has free workers, in the order a
 * wave gives: their partitions go from stale straight to running, with the inputs they read, and the
 * other tasks wait pending for a later pass.
 */
class StartingInThePlanningPassTest {

  private static final PartitionKey DAY_10 = PartitionKey.day("2024-01-10");
  private static final PartitionKey DAY_12 = PartitionKey.day("2024-01-12");

  private Simulation sim;

  @BeforeEach
  void buildTwentyDays() {
    sim = Simulation.ecommerceBuiltOverTwentyDays();
  }

  private List<Transition> history(String dataset, PartitionKey key) {
    return sim.store().history(new PartitionRef(DatasetId.of(dataset), key));
  }

  @Test
  void aTaskStartedInThePassThatPlansItGoesFromStaleToRunningUnderItsRun() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    int transitionsBefore = history(DAILY, DAY_10).size();

    Wave wave = sim.planner().plan(sim.now(), 4);

    assertThat(wave.tasks()).isEmpty();
    StartedRun started = wave.started().getFirst();
    assertThat(wave.started()).hasSize(1);
    assertThat(started.task().output()).isEqualTo(DatasetId.of(DAILY));
    assertThat(started.task().partitions()).containsExactly(DAY_10);
    List<Transition> history = history(DAILY, DAY_10);
    assertThat(history).as("one transition: no pending state in between").hasSize(transitionsBefore + 1);
    Transition last = history.getLast();
    assertThat(last.before().map(PartitionRecord::kind)).contains(Kind.STALE);
    assertThat(last.after().state()).isInstanceOf(PartitionState.Running.class);
    assertThat(((PartitionState.Running) last.after().state()).run()).isEqualTo(started.run());
    assertThat(last.cause()).isEqualTo(new Cause.Run(started.run()));
    PartitionRef transactions = new PartitionRef(DatasetId.of(TRANSACTIONS), DAY_10);
    assertThat(started.reads().get(DAY_10).inputs()).as("the run reads the restated day at its new version")
        .containsEntry(transactions, sim.record(TRANSACTIONS, DAY_10).version().orElseThrow());
    assertThat(sim.inState(WEEKLY, Kind.STALE)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
  }

  @Test
  void withFewerFreeWorkersThanTasksTheFirstInWaveOrderStartAndALaterPassStartsTheRest() {
    sim.write(TRANSACTIONS, days("2024-01-10", "2024-01-12"));

    Wave first = sim.planner().plan(sim.now(), 2);

    assertThat(first.started()).extracting(r -> r.task().partitions().first()).containsExactlyElementsOf(days("2024-01-10", "2024-01-11"));
    assertThat(first.tasks()).extracting(t -> t.partitions().first()).containsExactly(DAY_12);
    assertThat(sim.state(DAILY, DAY_12)).isEqualTo(Kind.PENDING);

    Wave second = sim.planner().plan(sim.now(), 1);

    assertThat(second.started()).extracting(StartedRun::task).containsExactly(first.tasks().getFirst());
    assertThat(second.tasks()).isEmpty();
    assertThat(sim.state(DAILY, DAY_12)).isEqualTo(Kind.RUNNING);
    assertThat(history(DAILY, DAY_12).getLast().before().map(PartitionRecord::kind)).contains(Kind.PENDING);
    assertThat(second.started().getFirst().reads().get(DAY_12).inputs())
        .containsEntry(new PartitionRef(DatasetId.of(TRANSACTIONS), DAY_12), sim.record(TRANSACTIONS, DAY_12).version().orElseThrow());
  }

  @Test
  void aNewestFirstBackfillWithOneFreeWorkerStartsItsNewestDay() {
    sim.backfill(new Backfill("bf-1", DatasetId.of(DAILY), PartitionKey.day("2024-01-01"), PartitionKey.day("2024-01-05"),
        Backfill.Order.NEWEST_FIRST));

    Wave wave = sim.planner().plan(sim.now(), 1);

    assertThat(wave.started()).extracting(r -> r.task().partitions().first()).containsExactly(PartitionKey.day("2024-01-05"));
    assertThat(wave.tasks()).extracting(t -> t.partitions().first())
        .containsExactlyElementsOf(days("2024-01-01", "2024-01-04").reversed());
  }

  @Test
  void withNoFreeWorkerThePassOnlyPlans() {
    sim.write(TRANSACTIONS, each("2024-01-10"));

    Wave wave = sim.planner().plan(sim.now(), 0);

    assertThat(wave.started()).isEmpty();
    assertThat(wave.tasks()).extracting(t -> t.partitions().first()).containsExactly(DAY_10);
    assertThat(sim.state(DAILY, DAY_10)).isEqualTo(Kind.PENDING);
  }

  @Test
  void aCutoffEarlierInThePassIsSeenByTheTransformsPlannedAfterItInTheSamePass() {
    // an outside writer rewrote day 10 and the catalog holds the same contents: every partition
    // computed from it is stale, and each finds its inputs as they were when it was computed
    sim.planner().onExternalWrite(DatasetId.of(TRANSACTIONS), each("2024-01-10"), 1L, new Cause.FallbackRun("ingest.load_transactions", 8));
    assertThat(sim.inState(WEEKLY, Kind.STALE)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));

    Wave wave = sim.planner().plan(sim.now(), 4);

    assertThat(wave.isEmpty()).isTrue();
    assertThat(sim.state(DAILY, DAY_10)).isEqualTo(Kind.FRESH);
    assertThat(sim.inState(WEEKLY, Kind.STALE)).as("cut off in the same pass, behind the daily partition").isEmpty();
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
  }
}
