package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.StateStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes, in one pass over the datasets by increasing depth, every downstream partition reached
 * from some changed partitions through the edges' {@code affectedBy}. Each dataset is expanded once,
 * after all of its inputs, so the result is complete and each partition appears once however many
 * paths lead to it.
 */
final class Propagator {

  private final DataflowGraph graph;
  private final StateStore store;

  Propagator(DataflowGraph graph, StateStore store) {
    this.graph = graph;
    this.store = store;
  }

  /**
   * The downstream partitions of {@code changed} (not including {@code changed}), each mapped to one
   * changed partition it depends on.
   *
   * @param createNew whether partitions not tracked yet come into existence when an input partition
   *     they are {@link PartitionDependency#createdBy created by} is reached; otherwise only tracked
   *     partitions are returned
   */
  NavigableMap<PartitionRef, PartitionRef> downstream(Map<DatasetId, ? extends java.util.Collection<PartitionKey>> changed, boolean createNew) {
    Map<DatasetId, Map<PartitionKey, PartitionRef>> reached = new HashMap<>();
    PriorityQueue<DatasetId> queue = new PriorityQueue<>(
        Comparator.comparingInt(graph::depthOf).thenComparing(Comparator.naturalOrder()));
    changed.forEach((dataset, keys) -> {
      Map<PartitionKey, PartitionRef> origins = reached.computeIfAbsent(dataset, d -> new TreeMap<>());
      keys.forEach(k -> origins.put(k, new PartitionRef(dataset, k)));
      queue.add(dataset);
    });
    NavigableMap<PartitionRef, PartitionRef> result = new TreeMap<>();
    java.util.Set<DatasetId> expanded = new java.util.HashSet<>();
    while (!queue.isEmpty()) {
      DatasetId dataset = queue.poll();
      if (!expanded.add(dataset)) {
        continue;
      }
      Map<PartitionKey, PartitionRef> sources = reached.getOrDefault(dataset, Map.of());
      // the keys alone, of every consumer's output in one read: a dataset's history grows, and none
      // of its records is needed here
      Map<DatasetId, NavigableSet<PartitionKey>> tracked =
          store.keys(graph.consumersOf(dataset).stream().map(Transform::output).collect(java.util.stream.Collectors.toSet()));
      for (Transform consumer : graph.consumersOf(dataset)) {
        PartitionDependency dependency = consumer.input(dataset).orElseThrow().dependency();
        Dataset output = graph.requireDataset(consumer.output());
        Map<PartitionKey, PartitionRef> outputs = reached.computeIfAbsent(output.id(), d -> new TreeMap<>());
        NavigableSet<PartitionKey> existing = new TreeSet<>(tracked.getOrDefault(output.id(), new TreeSet<>()));
        existing.addAll(outputs.keySet());
        if (createNew && !output.partitioning().isPartitioned()) {
          existing.add(PartitionKey.unpartitioned());
        }
        boolean grew = false;
        for (Map.Entry<PartitionKey, PartitionRef> source : sources.entrySet()) {
          NavigableSet<PartitionKey> created = createNew
              ? dependency.createdBy(source.getKey()).resolve(java.util.List.of())
              : new TreeSet<>();
          for (PartitionKey key : dependency.affectedBy(source.getKey()).resolve(existing)) {
            if ((existing.contains(key) || created.contains(key)) && !outputs.containsKey(key)) {
              outputs.put(key, source.getValue());
              result.put(new PartitionRef(output.id(), key), source.getValue());
              grew = true;
            }
          }
        }
        if (grew) {
          expanded.remove(output.id());
          queue.add(output.id());
        }
      }
    }
    return result;
  }
}
