package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One task of a DAG as the annotator needs it, independent of where the DAG was read from.
 *
 * @param taskId the task id, unique in its DAG
 * @param sqlTemplate the task's SQL template; empty when the task runs no SQL (a Python callable,
 *     say) or its SQL could not be recovered, with the reason in {@code withoutSql}
 * @param dialect the dialect of the task's connection
 * @param withoutSql why there is no SQL, when there is none
 */
public record TaskSql(String taskId, Optional<String> sqlTemplate, Dialect dialect, Optional<String> withoutSql) {

  public TaskSql {
    requireNonNull(taskId, "taskId is null");
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(withoutSql, "withoutSql is null");
    if (taskId.isBlank()) {
      throw new IllegalArgumentException("Invalid task: the task id is blank");
    }
    if (sqlTemplate.isPresent() == withoutSql.isPresent()) {
      throw new IllegalArgumentException("Task '" + taskId
          + "' needs either its SQL or the reason it has none, not both or neither");
    }
  }

  /** A task that runs {@code sqlTemplate}. */
  public static TaskSql of(String taskId, String sqlTemplate, Dialect dialect) {
    return new TaskSql(taskId, Optional.of(sqlTemplate), dialect, Optional.empty());
  }

  /** A task without SQL, and why. */
  public static TaskSql withoutSql(String taskId, String reason) {
    return new TaskSql(taskId, Optional.empty(), Dialect.TRINO, Optional.of(reason));
  }
}
