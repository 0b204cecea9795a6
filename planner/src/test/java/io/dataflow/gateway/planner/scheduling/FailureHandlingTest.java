package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.LIFETIME;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEK_OVER_WEEK;
import static io.dataflow.gateway.planner.fixture.GraphFixture.from;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {

  private static final PartitionKey DAY_12 = PartitionKey.day("2024-01-12");

  private Simulation sim;

  @BeforeEach
  void buildTwentyDays() {
    sim = Simulation.ecommerceBuiltOverTwentyDays();
  }

  private static boolean writesWeekly(Task task, PartitionKey day) {
    return task.output().equals(DatasetId.of(WEEKLY)) && task.partitions().contains(day);
  }

  @Test
  void aPermanentFailureFailsItsPartitionsBlocksDownstreamAndLeavesUpstreamAlone() {
    sim.failing(task -> writesWeekly(task, DAY_12) ? Optional.of(Failure.permanent("line 3: column total_7 not found")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.record(WEEKLY, DAY_12).state())
        .isEqualTo(new PartitionState.Failed("line 3: column total_7 not found", sim.tasksRun().stream()
            .filter(t -> writesWeekly(t, DAY_12)).findFirst().orElseThrow().id()));
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.BLOCKED)).containsExactlyElementsOf(each("2024-01-12", "2024-01-19"));
    assertThat(sim.record(WEEK_OVER_WEEK, PartitionKey.day("2024-01-19")).state())
        .isEqualTo(new PartitionState.Blocked(new PartitionRef(DatasetId.of(WEEKLY), DAY_12)));
    assertThat(sim.inState(DAILY, Kind.FRESH)).hasSize(20);
    assertThat(sim.state(LIFETIME, PartitionKey.unpartitioned())).isEqualTo(Kind.FRESH);
    assertThat(sim.computed(WEEK_OVER_WEEK)).doesNotContain(DAY_12, PartitionKey.day("2024-01-19"));
  }

  @Test
  void aChangedTransformClearsTheFailureAndTheRestCompletes() {
    sim.failing(task -> writesWeekly(task, DAY_12) ? Optional.of(Failure.permanent("type error")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();
    sim.failing(task -> Optional.empty()).resetCounts();

    Propagation propagation = sim.planner().onGraphChange(GraphFixture.change(sim.planner().graph()).fingerprint(WEEKLY, "fixed sql").build());
    sim.runUntilIdle();

    assertThat(propagation.affected(DatasetId.of(WEEKLY))).hasSize(20);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
    assertThat(sim.inState(WEEK_OVER_WEEK, Kind.FRESH)).hasSize(20);
    assertThat(sim.computed(DAILY)).isEmpty();
  }

  @Test
  void aNewInputSnapshotClearsTheFailure() {
    sim.failing(task -> task.output().equals(DatasetId.of(DAILY)) ? Optional.of(Failure.permanent("permission denied")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();
    assertThat(sim.inState(DAILY, Kind.FAILED)).containsExactlyElementsOf(each("2024-01-10"));
    assertThat(sim.inState(WEEKLY, Kind.BLOCKED)).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(sim.state(LIFETIME, PartitionKey.unpartitioned())).isEqualTo(Kind.BLOCKED);

    sim.failing(task -> Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.inState(DAILY, Kind.FRESH)).hasSize(20);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
    assertThat(sim.state(LIFETIME, PartitionKey.unpartitioned())).isEqualTo(Kind.FRESH);
  }

  @Test
  void aTransientFailureIsRetriedWithExponentialBackoff() {
    AtomicInteger attempts = new AtomicInteger();
    sim.failing(task -> task.output().equals(DatasetId.of(DAILY)) && attempts.incrementAndGet() <= 2
        ? Optional.of(Failure.transientError("connection refused")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));

    Wave first = sim.step();
    assertThat(first.started()).hasSize(1);
    Wave waiting = sim.planner().plan(sim.now());
    assertThat(waiting.tasks()).isEmpty();
    assertThat(waiting.nextRetryAt()).contains(sim.now().plusSeconds(10));
    sim.advance(Duration.ofSeconds(10)).step();
    assertThat(sim.planner().plan(sim.now()).nextRetryAt()).contains(sim.now().plusSeconds(20));
    sim.runUntilIdle();

    assertThat(sim.tasksRun()).filteredOn(t -> t.output().equals(DatasetId.of(DAILY)))
        .extracting(Task::attempt).containsExactly(1, 2, 3);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
  }

  @Test
  void transientFailuresBeyondTheLimitFailThePartition() {
    sim.failing(task -> task.output().equals(DatasetId.of(DAILY)) ? Optional.of(Failure.transientError("Trino is restarting")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    assertThat(sim.record(DAILY, PartitionKey.day("2024-01-10")).state())
        .isInstanceOfSatisfying(PartitionState.Failed.class, f -> assertThat(f.error()).isEqualTo("Trino is restarting (gave up after 3 attempts)"));
    assertThat(sim.inState(WEEKLY, Kind.BLOCKED)).hasSize(7);
  }

  @Test
  void anOutcomeForAnUnknownRunIsRejected() {
    assertThatThrownBy(() -> sim.planner().onSuccess(new RunId("nope"), 1, java.util.Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run nope");
  }

  @Test
  void aMissingExternalInputIsReportedAsWaitingForData() {
    Simulation joined = Simulation.of(GraphFixture.graph()
        .external("raw.orders").external("raw.fx_rates")
        .map("analytics.orders_eur", from("raw.orders", PartitionDependency.identity()), from("raw.fx_rates", PartitionDependency.identity()))
        .build());
    joined.write("raw.orders", each("2024-01-10"));
    joined.runUntilIdle();

    assertThat(joined.record("analytics.orders_eur", PartitionKey.day("2024-01-10")).state())
        .isEqualTo(new PartitionState.WaitingForData(DatasetId.of("raw.fx_rates"), new java.util.TreeSet<>(each("2024-01-10"))));

    joined.write("raw.fx_rates", each("2024-01-10"));
    joined.runUntilIdle();
    assertThat(joined.state("analytics.orders_eur", PartitionKey.day("2024-01-10"))).isEqualTo(Kind.FRESH);
  }

  @Test
  void aRunWhoseInputChangedMeanwhileEndsStaleAndRunsAgain() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    Task task = sim.planner().plan(sim.now()).tasks().getFirst();
    RunId run = new RunId("slow");
    sim.planner().start(task.id(), run).orElseThrow();
    sim.write(TRANSACTIONS, each("2024-01-10"));

    SuccessOutcome outcome = sim.planner().onSuccess(run, 5, java.util.Map.of(PartitionKey.day("2024-01-10"), "x"));
    assertThat(outcome.staleAgain()).containsExactly(new PartitionRef(DatasetId.of(DAILY), PartitionKey.day("2024-01-10")));
    sim.runUntilIdle();

    assertThat(sim.computed(DAILY)).containsExactlyElementsOf(each("2024-01-10"));
    assertThat(sim.computed(WEEKLY)).hasSize(7);
    assertThat(sim.computed().values()).containsOnly(1);
  }

  @Test
  void aRunThatFailsAfterItsInputChangedIsPlannedAgainFromTheNewInputWhateverTheFailure() {
    for (Failure failure : new Failure[] {Failure.transientError("connection refused"), Failure.permanent("DIVISION_BY_ZERO")}) {
      sim.write(TRANSACTIONS, each("2024-01-10"));
      Task task = sim.planner().plan(sim.now()).tasks().getFirst();
      RunId run = new RunId("changed-under-" + failure.kind());
      sim.planner().start(task.id(), run).orElseThrow();
      sim.write(TRANSACTIONS, each("2024-01-10"));

      FailureOutcome outcome = sim.planner().onFailure(run, failure, sim.now());

      assertThat(outcome).as(failure.kind().name()).isInstanceOf(FailureOutcome.Replanned.class);
      assertThat(((FailureOutcome.Replanned) outcome).stale())
          .containsExactly(new PartitionRef(DatasetId.of(DAILY), PartitionKey.day("2024-01-10")));
      assertThat(sim.state(DAILY, PartitionKey.day("2024-01-10"))).isEqualTo(Kind.STALE);
      Task again = sim.planner().plan(sim.now()).tasks().getFirst();
      assertThat(again.partitions()).containsExactly(PartitionKey.day("2024-01-10"));
      assertThat(again.attempt()).isEqualTo(1);

      sim.resetCounts();
      sim.runUntilIdle();
      assertThat(sim.computed(DAILY)).containsExactly(PartitionKey.day("2024-01-10"));
      assertThat(sim.inState(DAILY, Kind.FRESH)).hasSize(20);
      assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
    }
  }

  @Test
  void aCancelledTaskCannotStart() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.step();
    Task weekly = sim.planner().plan(sim.now()).tasks().stream().filter(t -> t.output().equals(DatasetId.of(WEEKLY))).findFirst().orElseThrow();
    sim.write(TRANSACTIONS, each("2024-01-09"));

    assertThat(sim.planner().start(weekly.id(), new RunId("late"))).isEmpty();
  }
}
