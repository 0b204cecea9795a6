package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * After a rerun reproduced a partition's contents, marks fresh every stale downstream partition whose
 * inputs are all fresh and hold the contents it was computed from, dataset by dataset from upstream
 * down, so that the cut travels as far as the contents stay the same.
 */
final class EarlyCutoff {

  private final DataflowGraph graph;
  private final StateStore store;

  EarlyCutoff(DataflowGraph graph, StateStore store) {
    this.graph = graph;
    this.store = store;
  }

  /** The partitions marked fresh because {@code unchanged} kept their contents. */
  NavigableSet<PartitionRef> from(NavigableSet<PartitionRef> unchanged, Cause cause) {
    NavigableSet<PartitionRef> cut = new TreeSet<>();
    if (unchanged.isEmpty()) {
      return cut;
    }
    Map<DatasetId, NavigableSet<PartitionKey>> sources = new TreeMap<>();
    unchanged.forEach(r -> sources.computeIfAbsent(r.dataset(), d -> new TreeSet<>()).add(r.key()));
    Map<DatasetId, List<PartitionRef>> byDataset = new TreeMap<>(
        Comparator.comparingInt((DatasetId d) -> graph.depthOf(d)).thenComparing(Comparator.naturalOrder()));
    new Propagator(graph, store).downstream(sources, false).keySet()
        .forEach(ref -> byDataset.computeIfAbsent(ref.dataset(), d -> new ArrayList<>()).add(ref));
    for (Map.Entry<DatasetId, List<PartitionRef>> level : byDataset.entrySet()) {
      Transform transform = graph.producerOf(level.getKey()).orElseThrow();
      List<Transition> batch = new ArrayList<>();
      for (PartitionRef ref : level.getValue()) {
        Optional<PartitionRecord> record = store.get(ref).filter(r -> r.kind() == Kind.STALE && r.provenance().isPresent());
        if (record.isPresent()
            && Readiness.of(graph, store, transform, ref.key()) instanceof Readiness.Ready ready
            && record.get().provenance().get().matches(transform.fingerprint(), ready.inputs())) {
          batch.add(Transition.of(record.get(), record.get().withState(PartitionState.fresh())
              .withProvenance(Optional.of(Provenance.of(transform.fingerprint(), ready.inputs()))), cause));
          cut.add(ref);
        }
      }
      store.apply(batch);
    }
    return cut;
  }
}
