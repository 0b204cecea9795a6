package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.TaskId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Names new tasks. */
@FunctionalInterface
public interface IdSource {

  TaskId nextTaskId(TransformId transform);

  /** {@code <transform>-<uuid>}: unique across restarts. */
  static IdSource random() {
    return transform -> new TaskId(transform + "-" + UUID.randomUUID());
  }

  /** {@code <transform>-1}, {@code -2} …: predictable, for tests. */
  static IdSource sequential() {
    AtomicLong next = new AtomicLong();
    return transform -> new TaskId(transform + "-" + next.incrementAndGet());
  }
}
