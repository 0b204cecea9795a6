package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.render.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import java.util.Map;

/**
 * A task to run in the dataflow: its SQL template as the DAG has it, the dialect of its connection
 * and the values of its {@code params}.
 *
 * @param id the transform's identity, {@code <dag>.<task>} for an imported task
 * @param sqlTemplate the SQL with its Airflow template expressions
 * @param dialect the dialect it is written in
 * @param params values of the {@code params.x} it uses
 */
public record TaskDefinition(TransformId id, String sqlTemplate, Dialect dialect, Map<String, String> params) {

  public TaskDefinition {
    requireNonNull(id, "id is null");
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    params = Map.copyOf(requireNonNull(params, "params is null"));
    if (sqlTemplate.isBlank()) {
      throw new IllegalArgumentException("Task " + id + " has no SQL");
    }
  }

  public static TaskDefinition of(String id, String sqlTemplate, Dialect dialect) {
    return new TaskDefinition(TransformId.of(id), sqlTemplate, dialect, Map.of());
  }

  /** The transform the renderer renders. */
  Transform transform() {
    return new Transform(sqlTemplate, dialect, params);
  }
}
