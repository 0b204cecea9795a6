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
   * An input of the run changed while it ran: its partitions are stale again and planned anew, from
   * the new inputs, once those are fresh. Neither a retry nor a failure.
   *
   * @param error the error the run ended with
   * @param stale the partitions the run was computing
   */
  record Replanned(String error, NavigableSet<PartitionRef> stale) implements FailureOutcome {
    public Replanned {
      requireNonNull(error, "error is null");
      stale = Collections.unmodifiableNavigableSet(new TreeSet<>(stale));
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
