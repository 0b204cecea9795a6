package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The only ways the execution renderer writes names and values into Trino SQL: identifiers quoted
 * with their quotes doubled, dates as {@code DATE} literals of a {@link LocalDate}'s ISO form,
 * times as {@code TIMESTAMP} literals of a {@link LocalDateTime}.
 */
final class TrinoSql {

  private TrinoSql() {}

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String identifiers(List<String> names) {
    return names.stream().map(TrinoSql::identifier).collect(Collectors.joining(", "));
  }

  static String qualified(String qualifier, String name) {
    return identifier(qualifier) + "." + identifier(name);
  }

  static String table(TableName table) {
    return table.parts().stream().map(TrinoSql::identifier).collect(Collectors.joining("."));
  }

  static String date(LocalDate date) {
    if (date.getYear() < 1 || date.getYear() > 9999) {
      throw new IllegalArgumentException("Date " + date + " has no four-digit year");
    }
    return "DATE '" + date + "'";
  }

  /** A {@code TIMESTAMP} literal of {@code time}, to the second. */
  static String timestamp(LocalDateTime time) {
    if (time.getYear() < 1 || time.getYear() > 9999) {
      throw new IllegalArgumentException("Time " + time + " has no four-digit year");
    }
    return "TIMESTAMP '" + time.toLocalDate() + " "
        + time.toLocalTime().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")) + "'";
  }

  /** {@code column = DATE 'd'} or {@code column BETWEEN DATE 'a' AND DATE 'b'}. */
  static String between(String column, LocalDate first, LocalDate last) {
    return first.equals(last)
        ? column + " = " + date(first)
        : column + " BETWEEN " + date(first) + " AND " + date(last);
  }
}
