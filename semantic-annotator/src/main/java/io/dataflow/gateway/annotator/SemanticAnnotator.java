package io.dataflow.gateway.annotator;

import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a task's SQL template into the facts the planner needs: inputs with their partition
 * dependencies, output and write mode, column lineage and semantics class. Implementations are
 * thread-safe.
 */
public interface SemanticAnnotator {

  /**
   * Annotates a task that runs on a daily schedule.
   *
   * @param sqlTemplate the task's SQL with its Airflow template expressions; several statements
   *     separated by {@code ;} are analyzed as one unit
   * @param dialect the dialect of the task's connection
   * @param schema the tables it may reference; {@link SchemaProvider#none()} for syntax only
   * @throws AnnotationException when a template expression is not supported or the SQL does not
   *     parse, naming what and where
   */
  default TaskAnnotation annotate(String sqlTemplate, Dialect dialect, SchemaProvider schema) {
    return annotate(sqlTemplate, dialect, schema, ChronoUnit.DAYS);
  }

  /**
   * Annotates a task whose schedule interval is one {@code scheduleUnit} (which is how far
   * {@code data_interval_end} lies after {@code data_interval_start}).
   *
   * @throws AnnotationException when a template expression is not supported or the SQL does not
   *     parse, naming what and where
   */
  TaskAnnotation annotate(
      String sqlTemplate, Dialect dialect, SchemaProvider schema, ChronoUnit scheduleUnit);

  /**
   * Annotates every task of a DAG. A task without SQL, or whose SQL cannot be read, gets a failure
   * that says why instead of an annotation; the others are annotated as by {@link #annotate}.
   *
   * @param dagId the DAG's id
   * @param tasks its tasks, each with a distinct id
   * @param schema the tables the tasks may reference
   * @param scheduleUnit the DAG's schedule interval
   */
  default DagAnnotation annotateDag(
      String dagId, List<TaskSql> tasks, SchemaProvider schema, ChronoUnit scheduleUnit) {
    java.util.Objects.requireNonNull(dagId, "dagId is null");
    java.util.Objects.requireNonNull(tasks, "tasks is null");
    List<DagAnnotation.TaskResult> results = new ArrayList<>();
    for (TaskSql task : tasks) {
      if (task.sqlTemplate().isEmpty()) {
        results.add(new DagAnnotation.TaskResult(task.taskId(), Optional.empty(), task.withoutSql()));
        continue;
      }
      try {
        TaskAnnotation annotation =
            annotate(task.sqlTemplate().get(), task.dialect(), schema, scheduleUnit);
        results.add(new DagAnnotation.TaskResult(task.taskId(), Optional.of(annotation), Optional.empty()));
      } catch (AnnotationException e) {
        results.add(new DagAnnotation.TaskResult(task.taskId(), Optional.empty(),
            Optional.of(e.reason() + ": " + e.getMessage())));
      }
    }
    return new DagAnnotation(dagId, results);
  }

  /**
   * The Calcite-based annotator. It keeps the annotations of the last 10,000 tasks it read, each
   * with the schema provider's answers for the tables it looked up: the same SQL, dialect and
   * schedule unit with the same answers gets the kept annotation without a new analysis.
   */
  static SemanticAnnotator create() {
    return new io.dataflow.gateway.annotator.internal.CachingSemanticAnnotator();
  }

  /** The Calcite-based annotator that analyzes every call anew (no annotations kept). */
  static SemanticAnnotator uncached() {
    return new io.dataflow.gateway.annotator.internal.CalciteSemanticAnnotator();
  }
}
