package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.TaskId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Names new tasks, and the runs the planner starts. */
@FunctionalInterface
public interface IdSource {

  TaskId nextTaskId(TransformId transform);

  /** {@code run-<uuid>}: unique across restarts. */
  default RunId nextRunId() {
    return new RunId("run-" + UUID.randomUUID());
  }

  /** {@code <transform>-<uuid>}: unique across restarts. */
  static IdSource random() {
    return transform -> new TaskId(transform + "-" + UUID.randomUUID());
  }

  /** {@code <transform>-1}, {@code -2} … and {@code run-1}, {@code run-2} …: predictable, for tests. */
  static IdSource sequential() {
    AtomicLong nextTask = new AtomicLong();
    AtomicLong nextRun = new AtomicLong();
    return new IdSource() {
      @Override
      public TaskId nextTaskId(TransformId transform) {
        return new TaskId(transform + "-" + nextTask.incrementAndGet());
      }

      @Override
      public RunId nextRunId() {
        return new RunId("run-" + nextRun.incrementAndGet());
      }
    };
  }
}
