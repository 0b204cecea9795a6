package io.dataflow.gateway.bench;

import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.scheduling.Planner;
import io.dataflow.gateway.planner.scheduling.Propagation;
import io.dataflow.gateway.planner.scheduling.Wave;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.InMemoryStateStore;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic dataflow with its whole state in memory and a planner over it, plus what it takes to
 * measure one restatement again and again: after each one, {@link #restore()} puts every partition
 * it touched back as it was (all FRESH), so that every measured restatement starts from the same
 * state.
 */
public final class RestatementFixture {

  /** The planning clock: any fixed instant (the planner reads no clock of its own). */
  public static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  private final SyntheticDataflow dataflow;
  private final InMemoryStateStore store;
  private final Planner planner;
  private final long tracked;
  private final Map<PartitionRef, PartitionRecord> originals = new LinkedHashMap<>();
  private final Cause restoring = new Cause.Planning("benchmark: restore the initial state");
  private int events;
  private int affected;
  private int firstWaveTasks;

  public RestatementFixture(SyntheticDataflow dataflow) {
    this.dataflow = dataflow;
    this.store = new InMemoryStateStore();
    this.tracked = dataflow.populate(store);
    this.planner = dataflow.planner(store);
    // A dry run finds the partitions a restatement touches; their records now are the ones to restore.
    PartitionRef restated = new PartitionRef(dataflow.restatedTable(), dataflow.restatedDay());
    originals.put(restated, store.get(restated).orElseThrow());
    Propagation propagation = planner.onSnapshot(dataflow.restatement("dry-run"));
    for (PartitionRef ref : propagation.refs()) {
      // The initial load created each partition once: its first transition holds the original record.
      originals.put(ref, store.history(ref).getFirst().after());
    }
    affected = propagation.refs().size();
    firstWaveTasks = planner.plan(NOW).tasks().size();
    restore();
  }

  /** Records a restatement of one partition of one raw table: everything downstream becomes stale. */
  public Propagation onSnapshot() {
    return planner.onSnapshot(dataflow.restatement("restatement-" + ++events));
  }

  /** Plans the first wave after {@link #onSnapshot()}. */
  public Wave plan() {
    return planner.plan(NOW);
  }

  /** Puts every partition a restatement touched back in its original state. */
  public void restore() {
    List<Transition> batch = new ArrayList<>();
    originals.forEach((ref, original) -> {
      PartitionRecord current = store.get(ref).orElseThrow();
      if (!current.equals(original)) {
        batch.add(Transition.of(current, original, restoring));
      }
    });
    store.apply(batch);
  }

  public SyntheticDataflow dataflow() {
    return dataflow;
  }

  public InMemoryStateStore store() {
    return store;
  }

  public Planner planner() {
    return planner;
  }

  /** Partitions tracked. */
  public long tracked() {
    return tracked;
  }

  /** Downstream partitions one restatement makes stale. */
  public int affected() {
    return affected;
  }

  /** Tasks in the first wave planned after one restatement. */
  public int firstWaveTasks() {
    return firstWaveTasks;
  }
}
