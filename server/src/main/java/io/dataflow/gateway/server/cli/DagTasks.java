package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TaskSql;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.util.List;

/**
 * The tasks of an imported DAG as the annotator takes them ({@link TaskSql}): the annotator does not
 * know the importer's model, so the gateway adapts it here. Several recovered statements are one
 * task's SQL, separated by {@code ;} as the annotator reads them.
 */
public final class DagTasks {

  private DagTasks() {}

  /** The tasks of {@code dag}, all in {@code dialect} (the dialect of its connection). */
  public static List<TaskSql> of(LegacyDag dag, Dialect dialect) {
    return dag.tasks().stream().map(task -> of(task, dialect)).toList();
  }

  private static TaskSql of(LegacyTask task, Dialect dialect) {
    if (task.sql().isEmpty()) {
      return TaskSql.withoutSql(task.taskId(), task.operatorClass() + " runs no SQL");
    }
    return switch (task.sql().get()) {
      case RecoveredSql recovered -> TaskSql.of(task.taskId(), String.join(";\n", recovered.statements()), dialect);
      case SqlUnavailable unavailable -> TaskSql.withoutSql(task.taskId(), "SQL unavailable: " + unavailable.reason());
    };
  }
}
