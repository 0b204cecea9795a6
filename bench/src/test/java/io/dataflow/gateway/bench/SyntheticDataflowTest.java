package io.dataflow.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.scheduling.Propagation;
import io.dataflow.gateway.planner.scheduling.Wave;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.Task;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Quick correctness checks of the benchmark's fixture, on a small version of the synthetic dataflow. */
class SyntheticDataflowTest {

  private static final SyntheticDataflow SMALL = SyntheticDataflow.of(6, 40, 3, 30, SyntheticDataflow.SEED);

  @Test
  void theGraphHasTheRequestedShapeAndEveryPartitionStartsFresh() {
    RestatementFixture fixture = new RestatementFixture(SMALL);

    assertThat(SMALL.graph().topologicalOrder()).hasSize(6 * 40);
    long unpartitioned = SMALL.graph().datasets().stream().filter(d -> !d.partitioning().isPartitioned()).count();
    assertThat(unpartitioned).isPositive();
    assertThat(fixture.tracked()).isEqualTo(6 * 3 * 30 + (6 * 40 - unpartitioned) * 30 + unpartitioned);
    assertThat(fixture.store().inStates(Set.of(PartitionState.Kind.values())))
        .hasSize((int) fixture.tracked())
        .allMatch(r -> r.kind() == PartitionState.Kind.FRESH);
  }

  @Test
  void aRestatementPlansItsDirectConsumersFirstAndRestoreUndoesIt() {
    RestatementFixture fixture = new RestatementFixture(SMALL);

    Propagation propagation = fixture.onSnapshot();
    Wave wave = fixture.plan();

    assertThat(propagation.refs()).hasSize(fixture.affected());
    Set<String> consumers = SMALL.graph().consumersOf(SMALL.restatedTable()).stream()
        .map(Transform::output).map(Object::toString).collect(Collectors.toSet());
    assertThat(consumers).isNotEmpty();
    assertThat(wave.tasks()).hasSize(fixture.firstWaveTasks())
        .allMatch(t -> consumers.contains(t.output().toString()))
        .allMatch(t -> t.partitions().equals(java.util.Set.of(SMALL.restatedDay())));
    assertThat(wave.tasks().stream().map(Task::output).distinct()).hasSize(consumers.size());
    assertThat(fixture.store().inStates(Set.of(PartitionState.Kind.STALE))).isNotEmpty();

    fixture.restore();

    assertThat(fixture.store().inStates(Set.of(PartitionState.Kind.values())))
        .allMatch(r -> r.kind() == PartitionState.Kind.FRESH);
    assertThat(fixture.store().get(new PartitionRef(SMALL.restatedTable(), SMALL.restatedDay()))).isPresent();
  }
}
