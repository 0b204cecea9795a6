package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
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
 * @param redirects tables the task reads and writes instead of those its SQL names, by the name
 *     the SQL uses: during a shadow run, each output of the DAG goes to its shadow table, and so
 *     does every read of another shadowed output; empty in production
 */
public record TaskDefinition(TransformId id, String sqlTemplate, Dialect dialect, Map<String, String> params,
    Map<TableName, TableName> redirects) {

  public TaskDefinition {
    requireNonNull(id, "id is null");
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    params = Map.copyOf(requireNonNull(params, "params is null"));
    redirects = Map.copyOf(requireNonNull(redirects, "redirects is null"));
    if (sqlTemplate.isBlank()) {
      throw new IllegalArgumentException("Task " + id + " has no SQL");
    }
  }

  /** A task that reads and writes the tables its SQL names. */
  public TaskDefinition(TransformId id, String sqlTemplate, Dialect dialect, Map<String, String> params) {
    this(id, sqlTemplate, dialect, params, Map.of());
  }

  public static TaskDefinition of(String id, String sqlTemplate, Dialect dialect) {
    return new TaskDefinition(TransformId.of(id), sqlTemplate, dialect, Map.of());
  }

  /**
   * The table the task really reads or writes for {@code named}, a name its SQL uses: the redirect
   * of the same table (however qualified), else the table itself.
   */
  TableName redirected(TableName named, TableNames names) {
    if (redirects.isEmpty()) {
      return named;
    }
    var dataset = names.dataset(named);
    return redirects.entrySet().stream().filter(e -> names.dataset(e.getKey()).equals(dataset))
        .map(Map.Entry::getValue).findFirst().orElse(named);
  }

  /** The transform the renderer renders. */
  Transform transform() {
    return new Transform(sqlTemplate, dialect, params);
  }
}
