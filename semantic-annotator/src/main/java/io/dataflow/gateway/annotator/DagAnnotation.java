package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the annotator understood of every task of one DAG.
 *
 * @param dagId the DAG's id
 * @param tasks one result per task, in the order given
 */
public record DagAnnotation(String dagId, List<TaskResult> tasks) {

  public DagAnnotation {
    requireNonNull(dagId, "dagId is null");
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    Set<String> ids = new HashSet<>();
    for (TaskResult task : tasks) {
      if (!ids.add(task.taskId())) {
        throw new IllegalArgumentException("Task '" + task.taskId() + "' appears twice in DAG " + dagId);
      }
    }
  }

  /**
   * The result for one task: its annotation, or why there is none (no SQL; SQL the annotator cannot
   * read, with the reason and position). A task without an annotation is OPAQUE to the planner.
   *
   * @param taskId the task's id
   * @param annotation the annotation, when the task's SQL could be read
   * @param failure why there is no annotation, when there is none
   */
  public record TaskResult(String taskId, Optional<TaskAnnotation> annotation, Optional<String> failure) {
    public TaskResult {
      requireNonNull(taskId, "taskId is null");
      requireNonNull(annotation, "annotation is null");
      requireNonNull(failure, "failure is null");
      if (annotation.isPresent() == failure.isPresent()) {
        throw new IllegalArgumentException(
            "Task '" + taskId + "' has either an annotation or a failure, not both or neither");
      }
    }

    /** The task's class: OPAQUE when it has no annotation. */
    public SemanticsClass semantics() {
      return annotation.map(TaskAnnotation::semantics).orElse(SemanticsClass.OPAQUE);
    }
  }

  /** The result of task {@code taskId}. */
  public Optional<TaskResult> task(String taskId) {
    return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
  }
}
