package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionSet;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The partitions of the dataflow that are not fresh, as one planning pass leaves them: read once when
 * it starts and kept up to date with every transition it applies (the planner is the only writer, and
 * plans one pass at a time). Enough to tell, without reading anything, that most partitions waiting
 * behind a change cannot be computed yet.
 */
final class NotFresh {

  private final Map<DatasetId, NavigableMap<PartitionKey, PartitionRecord>> byDataset = new HashMap<>();

  /** Records {@code record} as the partition's state now; a fresh one leaves the set. */
  void put(PartitionRecord record) {
    if (record.kind() == Kind.FRESH) {
      NavigableMap<PartitionKey, PartitionRecord> records = byDataset.get(record.ref().dataset());
      if (records != null) {
        records.remove(record.ref().key());
      }
    } else {
      byDataset.computeIfAbsent(record.ref().dataset(), d -> new TreeMap<>()).put(record.ref().key(), record);
    }
  }

  /**
   * Whether {@link Readiness#of} would surely answer {@link Readiness.NotYet} for partition {@code output}
   * of {@code transform}: some input partition it reads is stale, pending, running or waiting for data,
   * none it reads is failed or blocked (which would outrank that), and no input is external (where a
   * missing partition would). False when in doubt; the inputs are then read.
   */
  boolean surelyNotYet(DataflowGraph graph, Transform transform, PartitionKey output) {
    boolean notYet = false;
    for (Input input : transform.inputs()) {
      if (graph.dataset(input.dataset()).map(Dataset::isExternal).orElse(true)) {
        return false;
      }
      NavigableMap<PartitionKey, PartitionRecord> records = byDataset.get(input.dataset());
      if (records == null) {
        continue;
      }
      PartitionSet wanted = input.dependency().inputsOf(output);
      Collection<PartitionRecord> read;
      if (wanted instanceof PartitionSet.All) {
        read = records.values();
      } else {
        read = new ArrayList<>();
        for (PartitionKey key : wanted.resolve(List.of())) {
          PartitionRecord record = records.get(key);
          if (record != null) {
            read.add(record);
          }
        }
      }
      for (PartitionRecord record : read) {
        switch (record.kind()) {
          case FAILED, BLOCKED -> {
            return false;
          }
          case FRESH -> { }
          default -> notYet = true;
        }
      }
    }
    return notYet;
  }
}
