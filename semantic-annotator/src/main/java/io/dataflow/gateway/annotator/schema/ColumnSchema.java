package io.dataflow.gateway.annotator.schema;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A column and its SQL type as written in DDL ({@code BIGINT}, {@code DECIMAL(12,2)},
 * {@code DATE}, {@code TIMESTAMP}, {@code VARCHAR}). Names are kept in lower case.
 */
public record ColumnSchema(String name, String type) {

  public ColumnSchema {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Column name is blank");
    }
    name = name.toLowerCase(Locale.ROOT);
    type = type.strip().toUpperCase(Locale.ROOT);
    if (!SqlTypes.isSupported(type)) {
      throw new IllegalArgumentException(
          "Unsupported type '%s' of column %s; expected one of %s".formatted(
              type, name, SqlTypes.SUPPORTED));
    }
  }
}
