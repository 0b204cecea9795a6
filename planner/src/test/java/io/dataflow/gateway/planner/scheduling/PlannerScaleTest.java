package io.dataflow.gateway.planner.scheduling;

import static io.dataflow.gateway.planner.fixture.GraphFixture.from;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.cost.CostModel;
import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.InMemoryStateStore;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.planner.state.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What keeps planning cheap with a million partitions (the bench module measures it): after a
 * restatement, the planner reads the partitions that are not fresh and those its dependencies name,
 * never every fresh partition of the state.
 */
class PlannerScaleTest {

  /** A store that counts the records it hands out, by the query that asked. */
  private static final class CountingStore implements StateStore {
    private final InMemoryStateStore delegate = new InMemoryStateStore();
    private final Map<String, Integer> reads = new HashMap<>();
    private final List<Set<PartitionState.Kind>> stateQueries = new ArrayList<>();

    private void count(String query, int records) {
      reads.merge(query, records, Integer::sum);
    }

    @Override
    public Optional<PartitionRecord> get(PartitionRef partition) {
      Optional<PartitionRecord> r = delegate.get(partition);
      count("get", r.isPresent() ? 1 : 0);
      return r;
    }

    @Override
    public NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
      NavigableMap<PartitionKey, PartitionRecord> r = delegate.partitions(dataset);
      count("partitions", r.size());
      return r;
    }

    @Override
    public List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds) {
      stateQueries.add(Set.copyOf(kinds));
      List<PartitionRecord> r = delegate.inStates(kinds);
      count("inStates", r.size());
      return r;
    }

    @Override
    public List<PartitionRecord> pendingFor(TaskId task) {
      List<PartitionRecord> r = delegate.pendingFor(task);
      count("pendingFor", r.size());
      return r;
    }

    @Override
    public List<PartitionRecord> runningUnder(RunId run) {
      List<PartitionRecord> r = delegate.runningUnder(run);
      count("runningUnder", r.size());
      return r;
    }

    @Override
    public void apply(List<Transition> transitions) {
      delegate.apply(transitions);
    }

    @Override
    public List<Transition> history(PartitionRef partition) {
      return delegate.history(partition);
    }

    int total() {
      return reads.values().stream().mapToInt(Integer::intValue).sum();
    }

    void reset() {
      reads.clear();
      stateQueries.clear();
    }
  }

  /** 100 independent chains of 5 tables (MAP and a rolling week) over 120 days: 60,000 partitions. */
  private static DataflowGraph manyChains() {
    GraphFixture graph = GraphFixture.graph();
    for (int c = 0; c < 100; c++) {
      String raw = "raw.c%03d".formatted(c);
      graph.external(raw);
      String previous = raw;
      for (int t = 0; t < 4; t++) {
        String table = "c%03d.t%d".formatted(c, t);
        graph.map(table, from(previous, t == 1 ? PartitionDependency.window(-6, 0) : PartitionDependency.identity()));
        previous = table;
      }
    }
    return graph.build();
  }

  @Test
  void aRestatementIsPlannedFromWhatItTouchesNotFromTheWholeState() {
    CountingStore store = new CountingStore();
    Planner planner = new Planner(manyChains(), store, CostModel.perPartition(), RetryPolicy.defaults(), IdSource.sequential());
    List<PartitionKey> days = days("2024-03-01", "2024-06-28");
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    for (int c = 0; c < 100; c++) {
      planner.onSnapshot(SnapshotChange.external("load-" + c, DatasetId.of("raw.c%03d".formatted(c)), c + 1, days));
    }
    // Build everything, wave by wave, as the executor would: tens of thousands of tasks, each started
    // among thousands of pending ones (quadratic, and minutes long, when start() scanned them all).
    int run = 0;
    for (Wave wave = planner.plan(now); !wave.isEmpty(); wave = planner.plan(now)) {
      for (var task : wave.tasks()) {
        RunId id = new RunId("run-" + ++run);
        StartedRun started = planner.start(task.id(), id).orElseThrow();
        Map<PartitionKey, String> checksums = new HashMap<>();
        started.reads().keySet().forEach(k -> checksums.put(k, "sum-" + k));
        planner.onSuccess(id, 10_000 + run, checksums);
      }
    }
    assertThat(store.delegate.inStates(Set.of(PartitionState.Kind.values())))
        .hasSize(100 * 5 * 120)
        .allMatch(r -> r.kind() == PartitionState.Kind.FRESH);
    store.reset();

    Propagation propagation = planner.onSnapshot(
        SnapshotChange.external("restate", DatasetId.of("raw.c050"), 99_999, List.of(PartitionKey.day("2024-06-01"))));
    Wave wave = planner.plan(now);

    // day 1 of t0, 7 days of the rolling week t1, and of t2 and t3 after it: 22 partitions.
    assertThat(propagation.refs()).hasSize(1 + 7 + 7 + 7);
    assertThat(wave.tasks()).hasSize(1);
    assertThat(store.stateQueries).noneMatch(kinds -> kinds.contains(PartitionState.Kind.FRESH));
    // Each restated or stale partition, the partitions their dependencies read, and the tables
    // whose keys propagation or the cost model needs (120 each): hundreds of 60,000.
    assertThat(store.total()).isLessThan(1_500);
  }
}
