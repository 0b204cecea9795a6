package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One run of a task as recorded.
 *
 * @param runId the run
 * @param taskId the task it ran
 * @param transform the transform
 * @param dataset the dataset written
 * @param partitions the partitions replaced, as people write them
 * @param strategy per partition, batched range or full recompute
 * @param reason why that strategy
 * @param attempt which attempt of the task
 * @param state running, succeeded or failed
 * @param trinoQueryId the Trino query, once Trino assigned it
 * @param snapshotId the snapshot it committed
 * @param statisticsJson what Trino reported about the query, as JSON
 * @param error why it failed
 * @param errorKind the kind of failure (Trino's: USER_ERROR, TIMEOUT, EXTERNAL…)
 * @param startedAt when it started
 * @param finishedAt when it ended
 */
public record RunRecord(
    String runId,
    String taskId,
    String transform,
    String dataset,
    List<String> partitions,
    String strategy,
    String reason,
    int attempt,
    State state,
    Optional<String> trinoQueryId,
    OptionalLong snapshotId,
    Optional<String> statisticsJson,
    Optional<String> error,
    Optional<String> errorKind,
    Instant startedAt,
    Optional<Instant> finishedAt) {

  /** Where a run is. */
  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public RunRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(taskId, "taskId is null");
    requireNonNull(transform, "transform is null");
    requireNonNull(dataset, "dataset is null");
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    requireNonNull(strategy, "strategy is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(state, "state is null");
    requireNonNull(trinoQueryId, "trinoQueryId is null");
    requireNonNull(snapshotId, "snapshotId is null");
    requireNonNull(statisticsJson, "statisticsJson is null");
    requireNonNull(error, "error is null");
    requireNonNull(errorKind, "errorKind is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }
}
