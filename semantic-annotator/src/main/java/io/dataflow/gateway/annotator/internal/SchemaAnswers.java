package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers a schema provider gave for the tables an analysis asked about. An analysis is a
 * function of its SQL and these answers, so a kept analysis may be reused while the provider still
 * gives the same answers ({@link #stillGivenBy}). Within one analysis each table is asked once, and
 * every later question about it gets the first answer. Thread-safe.
 */
final class SchemaAnswers implements SchemaProvider {

  private final SchemaProvider provider;
  private final Map<TableName, Optional<TableSchema>> answers = new LinkedHashMap<>();

  /** Answers of {@code provider}, recorded as they are asked for. */
  SchemaAnswers(SchemaProvider provider) {
    this.provider = requireNonNull(provider, "provider is null");
  }

  @Override
  public Optional<TableSchema> table(TableName name) {
    synchronized (answers) {
      Optional<TableSchema> given = answers.get(name);
      if (given != null) {
        return given;
      }
    }
    Optional<TableSchema> table = provider.table(name);
    synchronized (answers) {
      return answers.computeIfAbsent(name, n -> table);
    }
  }

  /** The answers given so far. */
  Map<TableName, Optional<TableSchema>> given() {
    synchronized (answers) {
      return Map.copyOf(answers);
    }
  }

  /** Whether {@code provider} gives each of {@code answers} again, asking it once per table. */
  static boolean stillGivenBy(Map<TableName, Optional<TableSchema>> answers, SchemaProvider provider) {
    for (Map.Entry<TableName, Optional<TableSchema>> answer : answers.entrySet()) {
      if (!provider.table(answer.getKey()).equals(answer.getValue())) {
        return false;
      }
    }
    return true;
  }
}
