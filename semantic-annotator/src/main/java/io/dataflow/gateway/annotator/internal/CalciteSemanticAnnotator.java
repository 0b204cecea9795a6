package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnalysisMode;
import io.dataflow.gateway.annotator.ColumnLineage;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.OutputTable;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.SemanticsClass;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.annotator.template.TemplateExpander;
import io.dataflow.gateway.annotator.template.TemplateExpansion;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;

/**
 * The annotator: template expansion, parsing, the task's shape, then either a resolved analysis
 * (Calcite validation, planning and metadata) or, when some table is unknown or validation fails, a
 * syntactic one that says so. Thread-safe; the Calcite objects that keep state (validator, planner)
 * are made per call.
 */
public final class CalciteSemanticAnnotator implements SemanticAnnotator {

  @Override
  public TaskAnnotation annotate(
      String sqlTemplate, Dialect dialect, SchemaProvider schema, ChronoUnit scheduleUnit) {
    return analyze(sqlTemplate, dialect, schema, scheduleUnit).annotation();
  }

  /**
   * The annotation with the intermediate results that rendering and fingerprinting build on.
   *
   * @param annotation what {@link #annotate} returns
   * @param shape how the task's statements combine
   * @param targetSchema the output table's schema, when the provider knows it
   * @param columns the output columns the query's rows fill, in order (resolved analysis only)
   * @param partitioning which output partitions the task writes (resolved analysis only)
   * @param plan the validated, planned query (resolved analysis only)
   * @param facts what the analysis read from the plan (resolved analysis only)
   */
  record Analysis(
      TaskAnnotation annotation,
      TaskShape shape,
      Optional<TableSchema> targetSchema,
      List<String> columns,
      Optional<OutputPartitioning> partitioning,
      Optional<RelNode> plan,
      Optional<QueryFacts> facts) {}

  Analysis analyze(
      String sqlTemplate, Dialect dialect, SchemaProvider schema, ChronoUnit scheduleUnit) {
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(scheduleUnit, "scheduleUnit is null");
    TemplateExpansion expansion = TemplateExpander.expand(sqlTemplate, scheduleUnit);
    DialectSettings settings = DialectSettings.of(dialect);
    List<Statement> statements = new StatementParser(settings, expansion).parse();
    TaskShape shape = TaskShape.of(statements);
    Optional<TableSchema> targetSchema = shape.target().flatMap(schema::table);

    if (shape.query().isEmpty()) {
      return partial(writeOnly(dialect, expansion, shape, targetSchema), shape, targetSchema);
    }
    Set<TableName> syntacticInputs = SyntacticTables.of(shape.query().get());
    List<TableName> unknown = syntacticInputs.stream()
        .filter(t -> schema.table(t).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      return partial(syntactic(dialect, expansion, shape, targetSchema, schema, syntacticInputs,
          "the schema provider does not know " + join(unknown)), shape, targetSchema);
    }
    QueryPlanner planner = new QueryPlanner(settings, schema);
    RelNode rel;
    try {
      rel = planner.plan(shape.query().get());
    } catch (RuntimeException e) {
      return partial(syntactic(dialect, expansion, shape, targetSchema, schema, syntacticInputs,
          "Calcite could not validate the query: " + firstLine(e)), shape, targetSchema);
    }
    return resolved(dialect, expansion, shape, targetSchema, rel, planner);
  }

  private static Analysis partial(
      TaskAnnotation annotation, TaskShape shape, Optional<TableSchema> targetSchema) {
    return new Analysis(annotation, shape, targetSchema, List.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static Analysis resolved(Dialect dialect, TemplateExpansion expansion,
      TaskShape shape, Optional<TableSchema> targetSchema, RelNode rel, QueryPlanner planner) {
    QueryFacts facts = new QueryFacts(rel);
    List<String> notes = new ArrayList<>(facts.notes());
    List<String> columns = outputColumns(shape, targetSchema, facts, notes);
    OutputPartitioning partitioning = OutputPartitioning.of(shape, targetSchema, facts, columns);
    List<InputTable> inputs = Dependencies.inputs(facts, partitioning);
    List<ColumnLineage> lineage = facts.lineage(columns);
    Optional<OutputTable> output = shape.target().map(target -> new OutputTable(target,
        shape.writeMode().orElseThrow(),
        targetSchema.map(TableSchema::partitionColumns).orElse(List.of()),
        partitioning.written(), partitioning.writtenUnit()));
    List<String> opaque = new ArrayList<>(facts.opaqueReasons());
    shape.opaqueReason().ifPresent(opaque::add);
    DeleteScope.mismatch(shape, targetSchema, partitioning, facts, planner).ifPresent(opaque::add);
    Classifier.Result semantics = Classifier.classify(shape, targetSchema, partitioning, inputs, opaque);
    notes.addAll(semantics.notes());
    TaskAnnotation annotation = new TaskAnnotation(dialect, AnalysisMode.RESOLVED,
        expansion.parameters(), inputs, output, lineage, semantics.semanticsClass(),
        semantics.reason(), notes, Fingerprints.ofPlan(shape, columns, rel));
    return new Analysis(annotation, shape, targetSchema, columns, Optional.of(partitioning),
        Optional.of(rel), Optional.of(facts));
  }

  private static List<String> outputColumns(TaskShape shape, Optional<TableSchema> targetSchema,
      QueryFacts facts, List<String> notes) {
    if (shape.insertColumns().isPresent()) {
      return shape.insertColumns().get();
    }
    if (targetSchema.isPresent() && shape.insert()) {
      // Hive: the rows give the columns not in PARTITION (…), then its dynamic ones in its order
      List<String> names = new ArrayList<>(targetSchema.get().columns().stream()
          .map(c -> c.name())
          .filter(c -> !shape.staticPartitions().containsKey(c))
          .toList());
      shape.staticPartitions().forEach((column, value) -> {
        if (value.isEmpty()) {
          names.add(column);
        }
      });
      if (names.size() != facts.columnCount()) {
        notes.add("The query gives " + facts.columnCount() + " columns for the "
            + names.size() + " of " + targetSchema.get().name() + "; columns matched by position");
      }
      return names;
    }
    return facts.columnNames().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
  }

  private static TaskAnnotation syntactic(Dialect dialect, TemplateExpansion expansion,
      TaskShape shape, Optional<TableSchema> targetSchema, SchemaProvider schema,
      Set<TableName> tables, String why) {
    List<InputTable> inputs = tables.stream().map(t -> new InputTable(t,
        schema.table(t).map(TableSchema::partitionColumns).orElse(List.of()), List.of(),
        new PartitionDependency.All())).toList();
    Optional<OutputTable> output = shape.target().map(target -> new OutputTable(target,
        shape.writeMode().orElseThrow(),
        targetSchema.map(TableSchema::partitionColumns).orElse(List.of())));
    String reason = "analyzed syntactically (" + why + "): partition dependencies are unknown,"
        + " so every input is taken as read whole";
    List<String> notes = new ArrayList<>();
    notes.add("Analyzed syntactically: " + why);
    shape.opaqueReason().ifPresent(notes::add);
    return new TaskAnnotation(dialect, AnalysisMode.SYNTACTIC, expansion.parameters(), inputs,
        output, List.of(), SemanticsClass.OPAQUE, reason, notes, Fingerprints.ofSyntax(shape));
  }

  private static TaskAnnotation writeOnly(Dialect dialect, TemplateExpansion expansion,
      TaskShape shape, Optional<TableSchema> targetSchema) {
    Optional<OutputTable> output = shape.target().map(target -> new OutputTable(target,
        shape.writeMode().orElseThrow(),
        targetSchema.map(TableSchema::partitionColumns).orElse(List.of())));
    String target = shape.target().map(Object::toString).orElse("nothing");
    SemanticsClass cls;
    String reason;
    if (shape.opaqueReason().isPresent()) {
      cls = SemanticsClass.OPAQUE;
      reason = shape.opaqueReason().get();
    } else if (shape.writeMode().orElse(null) == WriteMode.FULL_REPLACE) {
      cls = SemanticsClass.FULL;
      reason = "Empties the whole of " + target;
    } else {
      cls = SemanticsClass.MAP;
      reason = "Reads no table: only removes rows of " + target;
    }
    return new TaskAnnotation(dialect, AnalysisMode.RESOLVED, expansion.parameters(), List.of(),
        output, List.of(), cls, reason, List.of(), Fingerprints.ofSyntax(shape));
  }

  private static String join(List<TableName> tables) {
    return String.join(", ", tables.stream().map(TableName::toString).toList());
  }

  private static String firstLine(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
