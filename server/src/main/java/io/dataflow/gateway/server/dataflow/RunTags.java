package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.catalog.SnapshotTags;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.TaskId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The Trino queries the dataflow runs, by query id, so that the catalog writes the task and run into
 * the summary of the snapshot a query commits ({@value #TASK_ID}, {@value #RUN_ID}). Trino puts its
 * query id into every snapshot it writes ({@value #TRINO_QUERY_ID}); that is the key.
 */
public final class RunTags implements SnapshotTags {

  static final String TRINO_QUERY_ID = "trino_query_id";
  static final String TASK_ID = "gateway.task-id";
  static final String RUN_ID = "gateway.run-id";

  private record Running(TaskId task, RunId run) {}

  private final Map<String, Running> byQuery = new ConcurrentHashMap<>();

  public RunTags() {}

  void register(String queryId, TaskId task, RunId run) {
    byQuery.put(queryId, new Running(task, run));
  }

  void unregister(String queryId) {
    byQuery.remove(queryId);
  }

  @Override
  public Map<String, String> tagsFor(TableIdentifier table, Map<String, String> summary) {
    return Optional.ofNullable(summary.get(TRINO_QUERY_ID))
        .map(byQuery::get)
        .map(r -> Map.of(TASK_ID, r.task().value(), RUN_ID, r.run().value()))
        .orElse(Map.of());
  }
}
