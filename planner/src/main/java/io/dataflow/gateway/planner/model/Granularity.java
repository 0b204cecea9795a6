package io.dataflow.gateway.planner.model;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The time unit a table is partitioned by, finest first. */
public enum Granularity {
  HOUR(ChronoUnit.HOURS, DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")),
  DAY(ChronoUnit.DAYS, DateTimeFormatter.ISO_LOCAL_DATE),
  MONTH(ChronoUnit.MONTHS, DateTimeFormatter.ofPattern("uuuu-MM")),
  YEAR(ChronoUnit.YEARS, DateTimeFormatter.ofPattern("uuuu"));

  private final ChronoUnit unit;
  private final DateTimeFormatter format;

  Granularity(ChronoUnit unit, DateTimeFormatter format) {
    this.unit = unit;
    this.format = format;
  }

  /** The start of the partition of this granularity that contains {@code time}. */
  public LocalDateTime truncate(LocalDateTime time) {
    return switch (this) {
      case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
      case DAY -> time.truncatedTo(ChronoUnit.DAYS);
      case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEAR -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  /** {@code time} moved by {@code amount} units of this granularity. */
  public LocalDateTime plus(LocalDateTime time, long amount) {
    return time.plus(amount, unit);
  }

  /** Whether every partition of this granularity is made of whole partitions of {@code finer}. */
  public boolean isCoarserThan(Granularity finer) {
    return compareTo(finer) > 0;
  }

  String format(LocalDateTime start) {
    return format.format(start);
  }
}
