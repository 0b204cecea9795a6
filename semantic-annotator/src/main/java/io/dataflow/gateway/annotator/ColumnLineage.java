package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where one output column comes from.
 *
 * @param column the output column's name
 * @param kind how it is derived
 * @param sources the input columns it is derived from (empty for constants and {@code COUNT(*)})
 */
public record ColumnLineage(String column, LineageKind kind, SortedSet<ColumnRef> sources) {

  public ColumnLineage {
    requireNonNull(column, "column is null");
    requireNonNull(kind, "kind is null");
    sources = java.util.Collections.unmodifiableSortedSet(
        new TreeSet<>(requireNonNull(sources, "sources is null")));
  }

  public static ColumnLineage of(String column, LineageKind kind, Set<ColumnRef> sources) {
    return new ColumnLineage(column, kind, new TreeSet<>(sources));
  }
}
