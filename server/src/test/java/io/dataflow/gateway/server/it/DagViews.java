package io.dataflow.gateway.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Finding things in what the gateway answers about DAGs: a task of a DAG's view or of a list, a
 * partition of a shadow report, and waiting for a shadow report to reach a state.
 */
final class DagViews {

  private DagViews() {}

  /** The task {@code taskId} of a DAG's view (its {@code tasks}). */
  static JsonNode task(JsonNode dag, String taskId) {
    return find(dag.path("tasks"), taskId);
  }

  /** The object of {@code tasks} (a list of objects with a {@code taskId}, such as a cut-over's {@code untranslated}) for {@code taskId}. */
  static JsonNode find(JsonNode tasks, String taskId) {
    for (JsonNode task : tasks) {
      if (task.path("taskId").asText().equals(taskId)) {
        return task;
      }
    }
    throw new AssertionError("No task " + taskId + " in " + tasks.toPrettyString());
  }

  /** The partition {@code partition} of {@code table} in a shadow report, or an empty object while the report has none. */
  static JsonNode shadowPartition(JsonNode report, String table, String partition) {
    for (JsonNode t : report.path("tables")) {
      if (t.path("table").asText().equals(table)) {
        for (JsonNode p : t.path("partitions")) {
          if (p.path("partition").asText().equals(partition)) {
            return p;
          }
        }
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * The shadow report of the DAG at {@code dagPath} ({@code /api/v1/dags/{id}}) once {@code condition}
   * holds for it, read every half second.
   *
   * @throws AssertionError with the last report if it does not within {@code limit}
   */
  static JsonNode awaitShadow(ApiHttp api, String dagPath, Predicate<JsonNode> condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode report = api.json(dagPath + "/shadow");
    while (!condition.test(report)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The shadow report did not reach the expected state in " + limit + ": " + report.toPrettyString());
      }
      Thread.sleep(500);
      report = api.json(dagPath + "/shadow");
    }
    return report;
  }
}
