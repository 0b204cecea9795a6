package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.state.Task;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one planning pass left to do now.
 *
 * @param started the runs the pass started, in the order to hand them to the executor: their
 *     partitions are running
 * @param tasks every other pending task due now: inputs fresh, not waiting for a retry; first by
 *     requested priority, then upstream before downstream, then by partition
 * @param nextRetryAt when the earliest task waiting for a retry becomes due, if any
 */
public record Wave(List<StartedRun> started, List<Task> tasks, Optional<Instant> nextRetryAt) {
  public Wave {
    started = List.copyOf(requireNonNull(started, "started is null"));
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    requireNonNull(nextRetryAt, "nextRetryAt is null");
  }

  /** A wave that started nothing. */
  public Wave(List<Task> tasks, Optional<Instant> nextRetryAt) {
    this(List.of(), tasks, nextRetryAt);
  }

  /** Whether nothing was started and nothing is due. */
  public boolean isEmpty() {
    return started.isEmpty() && tasks.isEmpty();
  }
}
