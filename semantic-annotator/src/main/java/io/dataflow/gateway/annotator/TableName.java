package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table's name as the SQL writes it, split into parts ({@code raw.transactions} → [raw,
 * transactions]). Parts are compared case-insensitively, as unquoted identifiers are in every
 * supported dialect, so they are kept in lower case.
 */
public record TableName(List<String> parts) {

  public TableName {
    parts = List.copyOf(requireNonNull(parts, "parts is null"));
    if (parts.isEmpty() || parts.size() > 3) {
      throw new IllegalArgumentException(
          "A table name has 1 to 3 parts (catalog.schema.table), got " + parts);
    }
    for (String part : parts) {
      if (part == null || part.isBlank()) {
        throw new IllegalArgumentException("Empty part in table name " + parts);
      }
    }
    parts = parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /** Parses a dotted name: {@code TableName.of("raw.transactions")}. */
  public static TableName of(String dotted) {
    requireNonNull(dotted, "dotted is null");
    return new TableName(Arrays.asList(dotted.split("\\.", -1)));
  }

  /** The last part: the table's own name without its schema. */
  public String table() {
    return parts.getLast();
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }
}
