package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** A column of a table: {@code raw.transactions.amount}. */
public record ColumnRef(TableName table, String column) implements Comparable<ColumnRef> {

  public ColumnRef {
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    column = column.toLowerCase(Locale.ROOT);
  }

  public static ColumnRef of(String table, String column) {
    return new ColumnRef(TableName.of(table), column);
  }

  @Override
  public int compareTo(ColumnRef other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}
