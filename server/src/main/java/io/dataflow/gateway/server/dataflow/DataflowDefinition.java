package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tasks to add to the dataflow (or to redefine, by id), with the schemas of the tables they write
 * that do not exist yet: the gateway creates those tables, partitioned as the schema says.
 *
 * @param tasks the tasks
 * @param tables schemas of output tables to create, by the names the SQL uses
 */
public record DataflowDefinition(List<TaskDefinition> tasks, List<TableSchema> tables) {

  public DataflowDefinition {
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
    Set<Object> ids = new HashSet<>();
    for (TaskDefinition task : tasks) {
      if (!ids.add(task.id())) {
        throw new IllegalArgumentException("Task " + task.id() + " is defined twice");
      }
    }
  }

  /**
   * What became of a definition.
   *
   * @param accepted the tasks that run in the dataflow
   * @param rejected the tasks that cannot, each with the reason
   */
  public record Result(List<String> accepted, java.util.Map<String, String> rejected) {
    public Result {
      accepted = List.copyOf(accepted);
      rejected = java.util.Map.copyOf(rejected);
    }
  }
}
