package io.dataflow.gateway.annotator.render;

import io.dataflow.gateway.annotator.Dialect;
import java.time.LocalDate;
import java.util.Map;

/**
 * Renders the query of a task (the rows it writes) as Trino SQL for one logical date. To compute
 * output partition {@code p} of a task that writes partition {@code ds + k}, render it for
 * {@code p - k}. Thread-safe.
 */
public interface TrinoRenderer {

  /**
   * Renders the query of {@code sqlTemplate} for {@code logicalDate}.
   *
   * @param sqlTemplate the task's SQL with its template expressions
   * @param dialect the dialect it is written in
   * @param logicalDate the value of {@code ds}
   * @param params values of {@code params.x}; each one the SQL uses must be given
   * @param tables the gateway's names for the legacy tables
   * @return a single Trino query, without a trailing semicolon
   * @throws io.dataflow.gateway.annotator.AnnotationException when the template is not supported,
   *     the SQL does not parse, the task has no query or a parameter value is missing
   */
  String render(String sqlTemplate, Dialect dialect, LocalDate logicalDate,
      Map<String, String> params, TableMapping tables);

  static TrinoRenderer create() {
    return new io.dataflow.gateway.annotator.internal.TrinoQueryRenderer();
  }
}
