package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A fixture DSL so that a test case reads as one line:
 * {@code task(sql).reads("raw.transactions").withDependency(identity()).isMap()}.
 * The task is annotated on first assertion; every assertion returns the fixture.
 */
final class AnnotationFixture {

  private static final SemanticAnnotator ANNOTATOR = SemanticAnnotator.create();

  private final String sql;
  private final Dialect dialect;
  private final SchemaProvider schema;
  private TaskAnnotation annotation;
  private InputTable currentInput;

  private AnnotationFixture(String sql, Dialect dialect, SchemaProvider schema) {
    this.sql = sql;
    this.dialect = dialect;
    this.schema = schema;
  }

  /** A Trino task over the e-commerce example's tables. */
  static AnnotationFixture task(String sql) {
    return new AnnotationFixture(sql, Dialect.TRINO, EcommerceExample.SCHEMA);
  }

  /** A Trino task over the corpus schema, which has weekly and monthly tables. */
  static AnnotationFixture corpusTask(String sql) {
    return new AnnotationFixture(sql, Dialect.TRINO, Corpus.SCHEMA);
  }

  AnnotationFixture in(Dialect other) {
    return new AnnotationFixture(sql, other, schema);
  }

  AnnotationFixture withSchema(SchemaProvider other) {
    return new AnnotationFixture(sql, dialect, other);
  }

  TaskAnnotation annotation() {
    if (annotation == null) {
      annotation = ANNOTATOR.annotate(sql, dialect, schema);
    }
    return annotation;
  }

  static PartitionDependency identity() {
    return new PartitionDependency.Identity(PartitionUnit.DAY);
  }

  static PartitionDependency window(long from, long to) {
    return new PartitionDependency.Window(from, to, PartitionUnit.DAY);
  }

  static PartitionDependency offsets(Long... days) {
    return new PartitionDependency.Offsets(new TreeSet<>(Arrays.asList(days)), PartitionUnit.DAY);
  }

  static PartitionDependency all() {
    return new PartitionDependency.All();
  }

  /** Asserts the task reads {@code table} and makes it the subject of {@code withDependency}. */
  AnnotationFixture reads(String table) {
    currentInput = annotation().input(TableName.of(table)).orElseThrow(() -> new AssertionError(
        "Task does not read " + table + "; it reads " + inputNames()));
    return this;
  }

  /** Asserts the task reads exactly {@code tables}. */
  AnnotationFixture readsOnly(String... tables) {
    assertThat(inputNames()).as("inputs").containsExactlyInAnyOrder(tables);
    return this;
  }

  AnnotationFixture withDependency(PartitionDependency expected) {
    assertThat(currentInput).as("call reads(table) first").isNotNull();
    assertThat(currentInput.dependency()).as("dependency on " + currentInput.table())
        .isEqualTo(expected);
    return this;
  }

  AnnotationFixture withPredicates(String... predicates) {
    assertThat(currentInput.partitionPredicates()).as("predicates on " + currentInput.table())
        .containsExactlyInAnyOrder(predicates);
    return this;
  }

  AnnotationFixture writes(String table, WriteMode mode) {
    OutputTable output = annotation().output().orElseThrow(
        () -> new AssertionError("Task writes nothing"));
    assertThat(output.table()).as("output table").isEqualTo(TableName.of(table));
    assertThat(output.writeMode()).as("write mode of " + table).isEqualTo(mode);
    return this;
  }

  AnnotationFixture writesPartition(String partition) {
    assertThat(annotation().output().orElseThrow().writtenPartition()).contains(partition);
    return this;
  }

  AnnotationFixture writesPartition(String partition, io.dataflow.gateway.annotator.partition.PartitionUnit unit) {
    writesPartition(partition);
    assertThat(annotation().output().orElseThrow().writtenUnit()).as("unit of " + partition).contains(unit);
    return this;
  }

  AnnotationFixture is(SemanticsClass expected) {
    assertThat(annotation().semantics()).as("semantics class, reason: " + annotation().reason())
        .isEqualTo(expected);
    return this;
  }

  AnnotationFixture isMap() {
    return is(SemanticsClass.MAP);
  }

  AnnotationFixture isPartial() {
    return is(SemanticsClass.PARTIAL);
  }

  AnnotationFixture isFull() {
    return is(SemanticsClass.FULL);
  }

  AnnotationFixture isOpaque() {
    return is(SemanticsClass.OPAQUE);
  }

  AnnotationFixture because(String reasonFragment) {
    assertThat(annotation().reason()).containsIgnoringCase(reasonFragment);
    return this;
  }

  AnnotationFixture analyzed(AnalysisMode mode) {
    assertThat(annotation().mode()).as("analysis mode, notes: " + annotation().notes()).isEqualTo(mode);
    return this;
  }

  AnnotationFixture noting(String noteFragment) {
    assertThat(annotation().notes()).anySatisfy(n -> assertThat(n).containsIgnoringCase(noteFragment));
    return this;
  }

  /** Asserts output column {@code column} is derived as {@code kind} from exactly {@code sources}. */
  AnnotationFixture column(String column, LineageKind kind, String... sources) {
    ColumnLineage lineage = annotation().lineageOf(column).orElseThrow(
        () -> new AssertionError("No lineage for output column " + column + " in "
            + annotation().lineage()));
    assertThat(lineage.kind()).as("lineage kind of " + column).isEqualTo(kind);
    assertThat(lineage.sources().stream().map(ColumnRef::toString).toList())
        .as("sources of " + column).containsExactlyInAnyOrder(sources);
    return this;
  }

  /** Asserts annotation fails for {@code reason} with a message containing {@code fragment}. */
  void fails(AnnotationException.Reason reason, String fragment, int line, int column) {
    assertThatThrownBy(this::annotation)
        .isInstanceOfSatisfying(AnnotationException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(fragment);
          assertThat(e.position()).hasValueSatisfying(p -> {
            assertThat(p.line()).as("line").isEqualTo(line);
            assertThat(p.column()).as("column").isEqualTo(column);
          });
        });
  }

  private List<String> inputNames() {
    return annotation().inputs().stream().map(i -> i.table().toString()).toList();
  }
}
