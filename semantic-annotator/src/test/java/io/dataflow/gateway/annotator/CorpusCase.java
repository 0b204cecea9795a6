package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One task of the corpus with everything expected of its annotation, written as one line:
 * {@code c(WINDOW, sql).reads("t", window(-6, 0)).writes("o", REPLACE_PARTITIONS).isPartial()
 * .column("total_7d", AGGREGATED, "t.total")}. The expectations are recorded and checked by
 * {@link #check()} through {@link AnnotationFixture}; the inputs named by {@code reads} are the
 * exact set of inputs expected.
 */
public final class CorpusCase {

  /** What a corpus task stands for, for the per-category report. */
  public enum Category {
    DAILY_INSERT,
    ROLLING_WINDOW,
    COARSENING,
    FULL_REBUILD,
    MERGE_UPSERT,
    DELETE_INSERT,
    FACT_DIMENSION_JOIN,
    CTE,
    SUBQUERY,
    WINDOW_FUNCTION,
    UNION_ALL,
    HIVE_OVERWRITE,
    POSTGRES_ON_CONFLICT,
    OPAQUE_OR_FULL
  }

  private final Category category;
  private final String sql;
  private final Dialect dialect;
  private final SchemaProvider schema;
  private final Map<String, PartitionDependency> inputs = new LinkedHashMap<>();
  private final List<UnaryOperator<AnnotationFixture>> expectations = new ArrayList<>();
  private Optional<SemanticsClass> expectedClass = Optional.empty();
  private boolean outputDeclared;
  private boolean lineageDeclared;

  CorpusCase(Category category, String sql, Dialect dialect, SchemaProvider schema) {
    this.category = requireNonNull(category, "category is null");
    this.sql = requireNonNull(sql, "sql is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  public Category category() {
    return category;
  }

  public String sql() {
    return sql;
  }

  public Dialect dialect() {
    return dialect;
  }

  public SchemaProvider schema() {
    return schema;
  }

  /** The class the case expects. */
  public SemanticsClass expectedClass() {
    return expectedClass.orElseThrow();
  }

  /** The same task in another dialect. */
  CorpusCase in(Dialect other) {
    CorpusCase copy = new CorpusCase(category, sql, other, schema);
    copy.inputs.putAll(inputs);
    copy.expectations.addAll(expectations);
    copy.expectedClass = expectedClass;
    copy.outputDeclared = outputDeclared;
    copy.lineageDeclared = lineageDeclared;
    return copy;
  }

  /** Expects {@code table} among the inputs (and only the tables named so), read as {@code dependency}. */
  CorpusCase reads(String table, PartitionDependency dependency) {
    if (inputs.put(table, dependency) != null) {
      throw new IllegalArgumentException("Input " + table + " is expected twice in " + sql);
    }
    return this;
  }

  CorpusCase writes(String table, WriteMode mode) {
    outputDeclared = true;
    return expect(f -> f.writes(table, mode));
  }

  /** Expects the task to write nothing (a plain query). */
  CorpusCase writesNothing() {
    outputDeclared = true;
    return expect(f -> {
      if (f.annotation().output().isPresent()) {
        throw new AssertionError("Expected no output, got " + f.annotation().output().get());
      }
      return f;
    });
  }

  CorpusCase writesPartition(String partition) {
    return expect(f -> f.writesPartition(partition));
  }

  CorpusCase column(String column, LineageKind kind, String... sources) {
    lineageDeclared = true;
    return expect(f -> f.column(column, kind, sources));
  }

  /** Expects no column lineage (the task was read syntactically). */
  CorpusCase noLineage() {
    lineageDeclared = true;
    return expect(f -> {
      if (!f.annotation().lineage().isEmpty()) {
        throw new AssertionError("Expected no lineage, got " + f.annotation().lineage());
      }
      return f;
    });
  }

  CorpusCase analyzed(AnalysisMode mode) {
    return expect(f -> f.analyzed(mode));
  }

  CorpusCase because(String reasonFragment) {
    return expect(f -> f.because(reasonFragment));
  }

  CorpusCase isMap() {
    return is(SemanticsClass.MAP);
  }

  CorpusCase isPartial() {
    return is(SemanticsClass.PARTIAL);
  }

  CorpusCase isFull() {
    return is(SemanticsClass.FULL);
  }

  CorpusCase isOpaque() {
    return is(SemanticsClass.OPAQUE);
  }

  private CorpusCase is(SemanticsClass expected) {
    expectedClass = Optional.of(expected);
    return expect(f -> f.is(expected));
  }

  private CorpusCase expect(UnaryOperator<AnnotationFixture> expectation) {
    expectations.add(expectation);
    return this;
  }

  /** Annotates the task and checks every expectation; the case must state class, output and lineage. */
  TaskAnnotation check() {
    if (expectedClass.isEmpty() || !outputDeclared || !lineageDeclared) {
      throw new IllegalStateException("A corpus case states its class, output and lineage: " + sql);
    }
    AnnotationFixture fixture = AnnotationFixture.task(sql).in(dialect).withSchema(schema);
    fixture.readsOnly(inputs.keySet().toArray(String[]::new));
    inputs.forEach((table, dependency) -> fixture.reads(table).withDependency(dependency));
    for (UnaryOperator<AnnotationFixture> expectation : expectations) {
      expectation.apply(fixture);
    }
    return fixture.annotation();
  }

  @Override
  public String toString() {
    String oneLine = sql.replaceAll("\\s+", " ").strip();
    return category + " [" + dialect + "] " + (oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine);
  }
}
