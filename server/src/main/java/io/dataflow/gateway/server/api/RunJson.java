package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.util.List;
import java.util.Optional;

/** The wire form of runs. */
public final class RunJson {

  private RunJson() {}

  /**
   * One run of a task on Trino.
   *
   * @param runId the run
   * @param taskId the task it ran (a retry runs the same task again)
   * @param transform the transform
   * @param dataset the dataset written
   * @param partitions the partitions it replaced
   * @param strategy {@code PER_PARTITION}, {@code BATCHED_RANGE} or {@code FULL_RECOMPUTE}
   * @param reason why the cost model chose that strategy
   * @param attempt which attempt of the task this is, from 1
   * @param state {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
   * @param trinoQueryId the Trino query, once Trino assigned it
   * @param snapshotId the snapshot it committed
   * @param statistics what Trino reported about the query
   * @param error why it failed, with the class of the failure
   * @param startedAt when it started
   * @param finishedAt when it ended
   */
  public record Run(
      String runId,
      String taskId,
      String transform,
      String dataset,
      List<String> partitions,
      String strategy,
      String reason,
      int attempt,
      String state,
      Optional<String> trinoQueryId,
      Optional<Long> snapshotId,
      Optional<JsonNode> statistics,
      Optional<Error> error,
      String startedAt,
      Optional<String> finishedAt) {
    public Run {
      requireNonNull(runId, "runId is null");
      requireNonNull(taskId, "taskId is null");
      requireNonNull(transform, "transform is null");
      requireNonNull(dataset, "dataset is null");
      partitions = List.copyOf(partitions);
      requireNonNull(strategy, "strategy is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(state, "state is null");
      requireNonNull(trinoQueryId, "trinoQueryId is null");
      requireNonNull(snapshotId, "snapshotId is null");
      requireNonNull(statistics, "statistics is null");
      requireNonNull(error, "error is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(finishedAt, "finishedAt is null");
    }

    static Run of(RunRecord run, Optional<JsonNode> statistics) {
      return new Run(run.runId(), run.taskId(), run.transform(), run.dataset(), run.partitions(), run.strategy(), run.reason(),
          run.attempt(), run.state().name(), run.trinoQueryId(),
          run.snapshotId().isPresent() ? Optional.of(run.snapshotId().getAsLong()) : Optional.empty(), statistics,
          run.error().map(message -> new Error(message, run.errorKind().orElse("UNKNOWN"))),
          run.startedAt().toString(), run.finishedAt().map(Object::toString));
    }
  }

  /**
   * Why a run failed.
   *
   * @param message what went wrong
   * @param kind the class of the failure: Trino's {@code USER_ERROR} (not retried), {@code
   *     INSUFFICIENT_RESOURCES}, {@code EXTERNAL}, or the gateway's {@code TIMEOUT} …
   */
  public record Error(String message, String kind) {
    public Error {
      requireNonNull(message, "message is null");
      requireNonNull(kind, "kind is null");
    }
  }

  /**
   * One run with why it ran and its task's other attempts.
   *
   * @param run the run
   * @param causes what made its partitions stale: snapshot events, backfills, new versions of the
   *     dataflow, each with the partitions it concerned
   * @param attempts every run of the same task, first attempt first
   */
  public record Detail(@JsonUnwrapped Run run, List<Cause> causes, List<PartitionJson.RunRef> attempts) {
    public Detail {
      requireNonNull(run, "run is null");
      causes = List.copyOf(causes);
      attempts = List.copyOf(attempts);
    }
  }

  /**
   * A cause of a run.
   *
   * @param kind {@code snapshot} (a commit to an input), {@code backfill}, {@code graph-change} or
   *     {@code fallback-run} (a fallback task that declares an input as its output changed it)
   * @param id the snapshot event, the backfill, the dataflow version or the fallback run
   *     ({@code <dag>.<task>#<run id>})
   * @param partitions the run's partitions it made stale
   */
  public record Cause(String kind, String id, List<String> partitions) {
    public Cause {
      requireNonNull(kind, "kind is null");
      requireNonNull(id, "id is null");
      partitions = List.copyOf(partitions);
    }
  }
}
