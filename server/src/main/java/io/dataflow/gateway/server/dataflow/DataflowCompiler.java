package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnalysisMode;
import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.OutputTable;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.planner.model.Semantics;
import io.dataflow.gateway.planner.model.SemanticsClass;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles task definitions into the planner's graph: each task is annotated against the table
 * schemas; the table it writes becomes a produced dataset, partitioned by day when the task writes
 * one day partition per logical date, by week, month or year when it writes the start of one (a
 * {@code DATE} column holding {@code date_trunc('month', …)}) and unpartitioned when it replaces
 * the whole table; every other
 * table it reads becomes an external input; each read becomes an edge with the dependency the
 * annotator inferred. A task the dataflow cannot run (opaque SQL, an append that a rerun would
 * duplicate, an unknown output schema) is rejected with the reason, never guessed at.
 */
final class DataflowCompiler {

  private final SemanticAnnotator annotator;
  private final TableNames names;

  DataflowCompiler(SemanticAnnotator annotator, TableNames names) {
    this.annotator = requireNonNull(annotator, "annotator is null");
    this.names = requireNonNull(names, "names is null");
  }

  /**
   * Compiles {@code tasks} on top of {@code base} (whose graph version it continues).
   *
   * @throws io.dataflow.gateway.planner.model.InvalidDataflowException when the tasks do not form a
   *     valid dataflow (two writers of one table, a cycle, a dependency that does not fit a table's
   *     partitioning), naming every problem
   */
  CompiledDataflow compile(List<TaskDefinition> tasks, SchemaProvider schemas, DataflowGraph base) {
    Map<TransformId, CompiledDataflow.CompiledTask> accepted = new LinkedHashMap<>();
    Map<TransformId, String> rejected = new LinkedHashMap<>();
    for (TaskDefinition task : tasks) {
      try {
        TaskAnnotation annotation = annotator.annotate(task.sqlTemplate(), task.dialect(), schemas);
        Optional<String> problem = unrunnable(annotation, schemas);
        if (problem.isPresent()) {
          rejected.put(task.id(), problem.get());
        } else {
          accepted.put(task.id(), new CompiledDataflow.CompiledTask(task, annotation,
              task.redirected(annotation.output().orElseThrow().table(), names)));
        }
      } catch (AnnotationException e) {
        rejected.put(task.id(), e.getMessage());
      }
    }

    Map<DatasetId, TableName> tables = new LinkedHashMap<>();
    Map<DatasetId, Dataset> produced = new LinkedHashMap<>();
    for (CompiledDataflow.CompiledTask task : accepted.values()) {
      DatasetId output = names.dataset(task.output());
      tables.put(output, task.output());
      produced.put(output, Dataset.produced(output, outputPartitioning(task.annotation().output().orElseThrow(), schemas)));
    }
    // Built from the base graph, emptied, so that the version goes on from it.
    DataflowGraph.Builder graph = base.toBuilder();
    base.topologicalOrder().forEach(t -> graph.removeTransform(t.id()));
    base.datasets().forEach(d -> graph.removeDataset(d.id()));
    produced.values().forEach(graph::dataset);
    for (Map.Entry<TransformId, CompiledDataflow.CompiledTask> entry : accepted.entrySet()) {
      CompiledDataflow.CompiledTask task = entry.getValue();
      List<Input> inputs = new ArrayList<>();
      for (InputTable read : task.annotation().inputs()) {
        TableName table = task.definition().redirected(read.table(), names);
        DatasetId dataset = names.dataset(table);
        tables.putIfAbsent(dataset, table);
        Dataset input = produced.get(dataset);
        if (input == null) {
          // a redirected table has the schema of the one the SQL names
          input = Dataset.external(dataset, partitioning(schemas.table(read.table())));
          graph.dataset(input);
        }
        inputs.add(new Input(dataset, DependencyAdapter.toPlanner(read.dependency(), input.partitioning(),
            produced.get(names.dataset(task.output())).partitioning())));
      }
      TaskAnnotation annotation = task.annotation();
      graph.transform(new Transform(entry.getKey(), names.dataset(task.output()), inputs,
          Semantics.of(SemanticsClass.valueOf(annotation.semantics().name()), annotation.reason()), annotation.fingerprint()));
    }
    return new CompiledDataflow(graph.build(), accepted, rejected, tables);
  }

  private static Optional<String> unrunnable(TaskAnnotation annotation, SchemaProvider schemas) {
    if (annotation.semantics() == io.dataflow.gateway.annotator.SemanticsClass.OPAQUE) {
      return Optional.of("its semantics are opaque: " + annotation.reason());
    }
    if (annotation.output().isEmpty()) {
      return Optional.of("it writes no table");
    }
    OutputTable output = annotation.output().get();
    if (annotation.mode() != AnalysisMode.RESOLVED || schemas.table(output.table()).isEmpty()) {
      return Optional.of("the schema of %s is unknown: declare the table so that the gateway can create it and check the SQL"
          .formatted(output.table()));
    }
    if (annotation.inputs().isEmpty()) {
      return Optional.of("it reads no table, so no change of data can start it");
    }
    return switch (output.writeMode()) {
      case REPLACE_PARTITIONS -> output.writtenPartition().isPresent()
          ? Optional.empty()
          : Optional.of("it replaces partitions of %s that are not one partition per logical date".formatted(output.table()));
      case FULL_REPLACE -> Optional.empty();
      case APPEND -> Optional.of("it appends to %s without replacing what it wrote before, so a rerun would duplicate rows"
          .formatted(output.table()));
      default -> Optional.of("its write mode %s cannot be rerun as a partition replacement".formatted(output.writeMode()));
    };
  }

  /**
   * The table a task writes as the planner partitions it: by the unit of the partition each run
   * writes, so that a {@code month DATE} column a task fills with {@code date_trunc('month', …)} is
   * partitioned by month (its values are the months' first days) and a day column by day.
   */
  static Partitioning outputPartitioning(OutputTable output, SchemaProvider schemas) {
    if (output.writeMode() == WriteMode.FULL_REPLACE) {
      return Partitioning.none();
    }
    Partitioning table = partitioning(schemas.table(output.table()));
    return table.column().map(column -> Partitioning.by(column, writtenGranularity(output))).orElse(table);
  }

  /**
   * The unit of the partitions a task writes: a month for {@code date_trunc('month', ds)} (the logical
   * date truncated, shifted or not) or for the months of an input's days, and likewise weeks and
   * years; a day for a day relative to the logical date ({@code ds}, {@code ds - 1 days}).
   */
  static Granularity writtenGranularity(OutputTable output) {
    return output.writtenUnit().map(DependencyAdapter::granularity).filter(g -> g != Granularity.HOUR).orElse(Granularity.DAY);
  }

  /**
   * A table partitioned by a date column is partitioned by day for the planner, unless a task of the
   * dataflow writes it by a coarser unit; any other is one partition.
   */
  static Partitioning partitioning(Optional<TableSchema> schema) {
    if (schema.isEmpty() || !schema.get().isPartitioned()) {
      return Partitioning.none();
    }
    String column = schema.get().partitionColumns().getFirst();
    boolean date = schema.get().column(column).map(ColumnSchema::type).filter("DATE"::equals).isPresent();
    return date ? Partitioning.by(column, Granularity.DAY) : Partitioning.none();
  }
}
