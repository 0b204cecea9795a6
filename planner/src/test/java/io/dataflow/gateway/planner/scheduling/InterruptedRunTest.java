package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.LIFETIME;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run that a stop of the gateway interrupted before it committed: no failure of its task, and no attempt used. */
class InterruptedRunTest {

  private static final PartitionKey DAY_10 = PartitionKey.day("2024-01-10");
  private static final PartitionKey DAY_12 = PartitionKey.day("2024-01-12");

  private Simulation sim;

  @BeforeEach
  void buildTwentyDays() {
    sim = Simulation.ecommerceBuiltOverTwentyDays();
  }

  /** Starts the first due task writing {@code dataset} under run {@code run}, and leaves it running. */
  private Task startFirst(String dataset, PartitionKey day, String run) {
    Task task = sim.planner().plan(sim.now()).tasks().stream()
        .filter(t -> t.output().equals(DatasetId.of(dataset)) && t.partitions().contains(day))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No task of " + dataset + " for " + day + " is due"));
    sim.planner().start(task.id(), new RunId(run)).orElseThrow();
    return task;
  }

  private Transition lastTransition(String dataset, PartitionKey key) {
    return sim.store().history(new PartitionRef(DatasetId.of(dataset), key)).getLast();
  }

  @Test
  void anInterruptedRunsTaskIsPendingAgainDueAtOnceOnTheSameAttemptWithItsDownstreamUntouched() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    Task task = startFirst(DAILY, DAY_10, "killed");
    Map<PartitionKey, ?> weeklyBefore = sim.store().partitions(DatasetId.of(WEEKLY));
    Map<PartitionKey, ?> lifetimeBefore = sim.store().partitions(DatasetId.of(LIFETIME));
    Instant restartedAt = sim.advance(Duration.ofMinutes(3)).now();

    Optional<Task> again = sim.restart().planner().onInterrupted(new RunId("killed"), restartedAt);

    assertThat(again).contains(task);
    assertThat(sim.record(DAILY, DAY_10).state()).isEqualTo(new PartitionState.Pending(task, restartedAt));
    assertThat(lastTransition(DAILY, DAY_10).cause()).isEqualTo(new Cause.Run(new RunId("killed")));
    assertThat(sim.store().partitions(DatasetId.of(WEEKLY))).isEqualTo(weeklyBefore);
    assertThat(sim.store().partitions(DatasetId.of(LIFETIME))).isEqualTo(lifetimeBefore);
    Wave wave = sim.planner().plan(restartedAt);
    assertThat(wave.tasks()).containsExactly(task);
    assertThat(wave.tasks().getFirst().attempt()).isEqualTo(1);
  }

  @Test
  void aRetryInterruptedKeepsItsAttempt() {
    AtomicInteger failures = new AtomicInteger();
    sim.failing(t -> t.output().equals(DatasetId.of(DAILY)) && failures.incrementAndGet() == 1
        ? Optional.of(Failure.transientError("connection refused")) : Optional.empty());
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.step();
    sim.advance(Duration.ofSeconds(10));

    Task second = startFirst(DAILY, DAY_10, "killed");
    sim.restart().planner().onInterrupted(new RunId("killed"), sim.now());

    assertThat(second.attempt()).isEqualTo(2);
    assertThat(sim.record(DAILY, DAY_10).state()).isEqualTo(new PartitionState.Pending(second, sim.now()));
  }

  @Test
  void interruptionsBeyondTheRetryLimitNeitherFailNorUseUpTheRetriesOfARealFailure() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    // the simulation's policy allows 3 attempts: five interruptions in a row are no failure
    for (int i = 1; i <= 5; i++) {
      startFirst(DAILY, DAY_10, "killed-" + i);
      sim.restart().planner().onInterrupted(new RunId("killed-" + i), sim.now());
    }
    AtomicInteger failures = new AtomicInteger();
    sim.failing(t -> t.output().equals(DatasetId.of(DAILY)) && failures.incrementAndGet() <= 2
        ? Optional.of(Failure.transientError("Trino is restarting")) : Optional.empty());

    sim.runUntilIdle();

    assertThat(sim.tasksRun()).filteredOn(t -> t.output().equals(DatasetId.of(DAILY)))
        .extracting(Task::attempt).containsExactly(1, 2, 3);
    assertThat(sim.inState(DAILY, Kind.FRESH)).hasSize(20);
    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
    assertThat(sim.computed(DAILY)).containsExactly(DAY_10);
  }

  @Test
  void anInterruptedRunWhoseInputsChangedMeanwhileIsStaleAndPlannedOnceTheyAreFresh() {
    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.step();
    startFirst(WEEKLY, DAY_12, "killed");
    // restated while the run was under way: its input daily 2024-01-11 is recomputed first
    sim.write(TRANSACTIONS, each("2024-01-11"));

    Optional<Task> again = sim.restart().planner().onInterrupted(new RunId("killed"), sim.now());

    assertThat(again).isEmpty();
    assertThat(sim.state(WEEKLY, DAY_12)).isEqualTo(Kind.STALE);
    assertThat(lastTransition(WEEKLY, DAY_12).cause()).isEqualTo(new Cause.Run(new RunId("killed")));
    assertThat(sim.planner().plan(sim.now()).tasks())
        .noneMatch(t -> t.output().equals(DatasetId.of(WEEKLY)) && t.partitions().contains(DAY_12));

    sim.runUntilIdle();

    assertThat(sim.inState(WEEKLY, Kind.FRESH)).hasSize(20);
    assertThat(sim.computed(WEEKLY)).containsExactlyElementsOf(days("2024-01-10", "2024-01-17"));
    assertThat(sim.computed().values()).containsOnly(1);
  }

  @Test
  void anInterruptionOfAnUnknownOrFinishedRunIsRejected() {
    assertThatThrownBy(() -> sim.planner().onInterrupted(new RunId("nope"), sim.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run nope");

    sim.write(TRANSACTIONS, each("2024-01-10"));
    startFirst(DAILY, DAY_10, "done");
    sim.planner().onSuccess(new RunId("done"), 77, Map.of(DAY_10, "x"));
    assertThatThrownBy(() -> sim.planner().onInterrupted(new RunId("done"), sim.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run done");
  }
}
