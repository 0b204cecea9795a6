package io.dataflow.gateway.server.api;

import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Partitions as the API writes them, exactly as {@link PartitionKey#value()} does: {@code 2024-01-10}
 * (day), {@code 2024-01-10T05} (hour), {@code 2024-W02} (ISO week), {@code 2024-01} (month), {@code 2024} (year); the single
 * partition of an unpartitioned table is {@code (unpartitioned)}, which may also be left empty.
 */
final class PartitionKeys {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");

  private PartitionKeys() {}

  /**
   * The partition {@code text} of a table partitioned as {@code partitioning}.
   *
   * @param field the query parameter or body field it came from, named in the problem
   * @throws ApiException 400 if {@code text} is not a partition of such a table
   */
  static PartitionKey parse(Partitioning partitioning, String field, String text) {
    String value = text == null ? "" : text.strip();
    PartitionKey unpartitioned = PartitionKey.unpartitioned();
    if (partitioning.granularity().isEmpty()) {
      if (value.isEmpty() || value.equals(unpartitioned.value())) {
        return unpartitioned;
      }
      throw ApiException.invalid(field, "The table is unpartitioned: its only partition is '" + unpartitioned.value()
          + "' (or leave " + field + " empty), not '" + value + "'");
    }
    Granularity granularity = partitioning.granularity().get();
    try {
      PartitionKey key = switch (granularity) {
        case HOUR -> PartitionKey.hour(LocalDateTime.parse(value, HOUR));
        case DAY -> PartitionKey.day(LocalDate.parse(value));
        case WEEK -> PartitionKey.parse(Granularity.WEEK, value);
        case MONTH -> PartitionKey.month(YearMonth.parse(value));
        case YEAR -> PartitionKey.of(Granularity.YEAR, Year.parse(value).atDay(1).atStartOfDay());
      };
      if (key.value().equals(value)) {
        return key;
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.invalid(field, "'" + value + "' is not a partition of a table partitioned by " + partitioning
        + ": expected " + example(granularity));
  }

  private static String example(Granularity granularity) {
    return switch (granularity) {
      case HOUR -> "an hour such as 2024-01-10T05";
      case DAY -> "a day such as 2024-01-10";
      case WEEK -> Granularity.WEEK.example();
      case MONTH -> "a month such as 2024-01";
      case YEAR -> "a year such as 2024";
    };
  }
}
