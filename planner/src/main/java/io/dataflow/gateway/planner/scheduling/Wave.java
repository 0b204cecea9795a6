package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.state.Task;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tasks that may start now, in the order to start them.
 *
 * @param tasks every pending task due now: inputs fresh, not waiting for a retry; first by requested
 *     priority, then upstream before downstream, then by partition
 * @param nextRetryAt when the earliest task waiting for a retry becomes due, if any
 */
public record Wave(List<Task> tasks, Optional<Instant> nextRetryAt) {
  public Wave {
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    requireNonNull(nextRetryAt, "nextRetryAt is null");
  }

  public boolean isEmpty() {
    return tasks.isEmpty();
  }
}
