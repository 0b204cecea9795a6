package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Trino queries that compare one partition of a shadow table with the same partition of the real
 * table, each side read at a given snapshot. Identifiers are quoted; the partition's values are
 * bound ({@code CAST(? AS DATE)}), never pasted; snapshot ids and the sample limit are numbers.
 *
 * @param columns the compared columns, in the real table's order
 * @param filter the predicate that keeps the partition's rows, its values as {@code ?} ({@link
 *     ShadowPartition#predicate}); empty for a table compared whole
 */
record ShadowSql(List<String> columns, Optional<String> filter) {

  ShadowSql {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(filter, "filter is null");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("A comparison needs at least one column");
    }
  }

  /**
   * Row count and order-independent checksum of the partition: Trino's {@code checksum} over each whole
   * row, so duplicates and {@code NULL}s count. One row: {@code row_count}, {@code checksum}.
   * Parameters: the partition's values, when partitioned.
   */
  String summary(TableName trinoTable, long snapshotId) {
    return "SELECT count(*) AS \"row_count\", coalesce(from_big_endian_64(checksum(ROW(" + columnList()
        + "))), 0) AS \"checksum\"\nFROM " + read(trinoTable, snapshotId);
  }

  /**
   * At most {@code limit} rows of the partition of {@code from} that {@code other} does not hold, counting
   * duplicates ({@code EXCEPT ALL}). Parameters: the partition's values twice, when partitioned.
   */
  String onlyIn(TableName from, long fromSnapshot, TableName other, long otherSnapshot, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid sample limit " + limit + ": expected at least 1");
    }
    return "SELECT * FROM (\n  SELECT " + columnList() + " FROM " + read(from, fromSnapshot)
        + "\n  EXCEPT ALL\n  SELECT " + columnList() + " FROM " + read(other, otherSnapshot) + "\n) AS \"differing\"\nLIMIT " + limit;
  }

  private String read(TableName table, long snapshotId) {
    String from = table(table) + " FOR VERSION AS OF " + snapshotId;
    return filter.map(f -> from + " WHERE " + f).orElse(from);
  }

  private String columnList() {
    return columns.stream().map(ShadowSql::identifier).collect(Collectors.joining(", "));
  }

  static String table(TableName table) {
    return table.parts().stream().map(ShadowSql::identifier).collect(Collectors.joining("."));
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
