package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Task;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/** What the planner decided about a failed run. */
public sealed interface FailureOutcome {

  /**
   * The task will be tried again.
   *
   * @param task the task with its next attempt number
   * @param notBefore when it becomes due (exponential backoff); the planner does not wait itself
   */
  record Retry(Task task, Instant notBefore) implements FailureOutcome {
    public Retry {
      requireNonNull(task, "task is null");
      requireNonNull(notBefore, "notBefore is null");
    }
  }

  /**
   * The task's partitions failed; their downstream is blocked until a new input snapshot or a changed
   * transform clears it.
   *
   * @param error the error recorded
   * @param failed the partitions the run could not produce
   * @param blocked the downstream partitions blocked by them
   */
  record GaveUp(String error, NavigableSet<PartitionRef> failed, NavigableSet<PartitionRef> blocked)
      implements FailureOutcome {
    public GaveUp {
      requireNonNull(error, "error is null");
      failed = Collections.unmodifiableNavigableSet(new TreeSet<>(failed));
      blocked = Collections.unmodifiableNavigableSet(new TreeSet<>(blocked));
    }
  }
}
