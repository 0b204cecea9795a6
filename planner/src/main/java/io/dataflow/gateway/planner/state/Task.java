package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.TransformId;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One unit of work: run a transform for some of its output partitions, replacing exactly those
 * partitions in one commit.
 *
 * @param id the task's identity, written into the snapshot summary
 * @param transform the transform to run
 * @param output the dataset written
 * @param partitions the output partitions replaced, at least one
 * @param strategy how the partitions are computed
 * @param reason why this strategy, for people
 * @param attempt 1 for the first run, one more for each retry
 * @param priority lower runs first (a backfill's requested order); ties are broken by the caller
 */
public record Task(
    TaskId id,
    TransformId transform,
    DatasetId output,
    NavigableSet<PartitionKey> partitions,
    Strategy strategy,
    String reason,
    int attempt,
    long priority) {

  /** How a task computes its partitions. */
  public enum Strategy {
    /** One query for one partition. */
    PER_PARTITION,
    /** One query over a contiguous range of partitions (a range predicate). */
    BATCHED_RANGE,
    /** One query rewriting every partition of the output. */
    FULL_RECOMPUTE
  }

  public Task {
    requireNonNull(id, "id is null");
    requireNonNull(transform, "transform is null");
    requireNonNull(output, "output is null");
    requireNonNull(strategy, "strategy is null");
    requireNonNull(reason, "reason is null");
    partitions = Collections.unmodifiableNavigableSet(new TreeSet<>(requireNonNull(partitions, "partitions is null")));
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("Task %s writes no partition: a task needs at least one".formatted(id));
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("Invalid attempt %d for task %s: attempts count from 1".formatted(attempt, id));
    }
  }

  /** The same task, to be attempted once more. */
  public Task nextAttempt() {
    return new Task(id, transform, output, partitions, strategy, reason, attempt + 1, priority);
  }

  @Override
  public String toString() {
    return "%s %s %s %s (attempt %d)".formatted(id, transform, strategy, partitions, attempt);
  }
}
