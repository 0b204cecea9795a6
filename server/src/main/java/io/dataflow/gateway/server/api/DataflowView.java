package io.dataflow.gateway.server.api;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.Transition;
import io.dataflow.gateway.server.dataflow.BackfillStatus;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * What the API asks of the running dataflow: the part of {@link DataflowRuntime} it reads, and the
 * backfills it starts. An interface so that resources can be tested without Trino.
 */
public interface DataflowView {

  DataflowGraph graph();

  /** The tracked partitions of {@code dataset} by key. */
  NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset);

  /**
   * One page of {@code dataset}'s tracked partitions in key order: at most {@code limit}, after {@code
   * after} when given, in {@code state} only when given. The default filters {@link #partitions(DatasetId)}.
   */
  default List<PartitionRecord> partitions(DatasetId dataset, Optional<PartitionState.Kind> state, Optional<PartitionKey> after,
      int limit) {
    NavigableMap<PartitionKey, PartitionRecord> all = partitions(dataset);
    return (after.isPresent() ? all.tailMap(after.get(), false) : all).values().stream()
        .filter(r -> state.map(s -> s == r.kind()).orElse(true))
        .limit(limit)
        .toList();
  }

  /** Every transition of {@code partition}, oldest first. */
  List<Transition> history(PartitionRef partition);

  Optional<TaskAnnotation> annotation(TransformId transform);

  /** The name the tasks' SQL uses for {@code dataset}. */
  Optional<TableName> legacyName(DatasetId dataset);

  /** Runs newest first. */
  List<RunRecord> runs(Optional<String> dataset, Optional<RunRecord.State> state, int limit);

  Optional<RunRecord> run(String runId);

  /**
   * Starts a backfill.
   *
   * @throws IllegalArgumentException for an unknown or external dataset, a range that does not fit
   *     its partitioning, or an id already used
   */
  void backfill(Backfill backfill);

  Optional<BackfillStatus> backfill(String backfillId);

  /** The API's view of the gateway's dataflow. */
  static DataflowView of(DataflowRuntime runtime) {
    return new DataflowView() {
      @Override
      public DataflowGraph graph() {
        return runtime.graph();
      }

      @Override
      public NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
        return runtime.partitions(dataset);
      }

      @Override
      public List<PartitionRecord> partitions(DatasetId dataset, Optional<PartitionState.Kind> state, Optional<PartitionKey> after,
          int limit) {
        return runtime.partitions(dataset, state, after, limit);
      }

      @Override
      public List<Transition> history(PartitionRef partition) {
        return runtime.history(partition);
      }

      @Override
      public Optional<TaskAnnotation> annotation(TransformId transform) {
        return runtime.annotation(transform);
      }

      @Override
      public Optional<TableName> legacyName(DatasetId dataset) {
        return runtime.legacyName(dataset);
      }

      @Override
      public List<RunRecord> runs(Optional<String> dataset, Optional<RunRecord.State> state, int limit) {
        return runtime.runs(dataset, state, limit);
      }

      @Override
      public Optional<RunRecord> run(String runId) {
        return runtime.run(runId);
      }

      @Override
      public void backfill(Backfill backfill) {
        runtime.backfill(backfill);
      }

      @Override
      public Optional<BackfillStatus> backfill(String backfillId) {
        return runtime.backfill(backfillId);
      }
    };
  }
}
