package io.dataflow.gateway.server.migration;

import io.dataflow.gateway.annotator.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a shadow run writes: the table {@code analytics.daily_totals} is shadowed by {@code
 * analytics__shadow.daily_totals}, a table of the same name in a schema of its own beside the real
 * one, created by the gateway with the real table's columns and partitioning. A name without a schema
 * is in {@code default}, so its shadow is in {@code default__shadow}; a catalog part is kept.
 */
final class ShadowTables {

  /** What the shadow schema's name adds to the real schema's. */
  static final String SUFFIX = "__shadow";

  private ShadowTables() {}

  /**
   * The shadow of {@code real}.
   *
   * @throws IllegalArgumentException if {@code real} is itself in a shadow schema
   */
  static TableName shadowOf(TableName real) {
    List<String> parts = new ArrayList<>(real.parts());
    if (parts.size() == 1) {
      parts.addFirst("default");
    }
    int schema = parts.size() - 2;
    if (parts.get(schema).endsWith(SUFFIX)) {
      throw new IllegalArgumentException("Table " + real + " is in a shadow schema; a DAG's outputs cannot be shadow tables");
    }
    parts.set(schema, parts.get(schema) + SUFFIX);
    return new TableName(parts);
  }
}
