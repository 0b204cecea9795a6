package io.dataflow.gateway.annotator;

import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.time.temporal.ChronoUnit;

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

  /** The Calcite-based annotator. */
  static SemanticAnnotator create() {
    return new io.dataflow.gateway.annotator.internal.CalciteSemanticAnnotator();
  }
}
