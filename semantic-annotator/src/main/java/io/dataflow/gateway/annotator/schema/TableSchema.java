package io.dataflow.gateway.annotator.schema;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table: its columns in order and the columns it is partitioned by (identity partitioning on a
 * date or timestamp column is what dependencies are derived for).
 */
public record TableSchema(TableName name, List<ColumnSchema> columns, List<String> partitionColumns) {

  public TableSchema {
    requireNonNull(name, "name is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    partitionColumns = requireNonNull(partitionColumns, "partitionColumns is null").stream()
        .map(c -> c.toLowerCase(Locale.ROOT)).toList();
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Table " + name + " has no columns");
    }
    Set<String> seen = new HashSet<>();
    for (ColumnSchema column : columns) {
      if (!seen.add(column.name())) {
        throw new IllegalArgumentException(
            "Table " + name + " declares column " + column.name() + " twice");
      }
    }
    for (String partition : partitionColumns) {
      if (!seen.contains(partition)) {
        throw new IllegalArgumentException("Partition column " + partition + " of table " + name
            + " is not among its columns " + seen);
      }
    }
  }

  /** The column called {@code name}, compared case-insensitively. */
  public Optional<ColumnSchema> column(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return columns.stream().filter(c -> c.name().equals(lower)).findFirst();
  }

  public boolean isPartitioned() {
    return !partitionColumns.isEmpty();
  }
}
