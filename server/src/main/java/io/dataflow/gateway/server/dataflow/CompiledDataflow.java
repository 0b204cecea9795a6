package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.TransformId;
import java.util.Map;
import java.util.Optional;

/**
 * Task definitions compiled into the planner's graph, with what the executor needs of each task.
 *
 * @param graph the dataflow
 * @param tasks each transform's definition and annotation
 * @param rejected tasks that cannot run in the dataflow, with the reason (they stay with their
 *     old scheduler)
 * @param tables the legacy name of every dataset, as task SQL writes it
 */
record CompiledDataflow(
    DataflowGraph graph, Map<TransformId, CompiledTask> tasks, Map<TransformId, String> rejected, Map<DatasetId, TableName> tables) {

  CompiledDataflow {
    requireNonNull(graph, "graph is null");
    tasks = Map.copyOf(requireNonNull(tasks, "tasks is null"));
    rejected = Map.copyOf(requireNonNull(rejected, "rejected is null"));
    tables = Map.copyOf(requireNonNull(tables, "tables is null"));
  }

  static CompiledDataflow empty() {
    return new CompiledDataflow(DataflowGraph.builder().build(), Map.of(), Map.of(), Map.of());
  }

  Optional<CompiledTask> task(TransformId id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /** A task of the dataflow as the executor runs it. */
  record CompiledTask(TaskDefinition definition, TaskAnnotation annotation, TableName output) {
    CompiledTask {
      requireNonNull(definition, "definition is null");
      requireNonNull(annotation, "annotation is null");
      requireNonNull(output, "output is null");
    }
  }
}
