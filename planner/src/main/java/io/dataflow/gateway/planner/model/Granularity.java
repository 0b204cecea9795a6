package io.dataflow.gateway.planner.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * The time unit a table is partitioned by, finest first. Weeks are ISO weeks: they start on Monday
 * (as Trino's {@code date_trunc('week', …)} does) and are written {@code 2024-W01} with the ISO
 * week-based year, so that their values sort as they follow each other.
 */
public enum Granularity {
  HOUR(ChronoUnit.HOURS, DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")),
  DAY(ChronoUnit.DAYS, DateTimeFormatter.ISO_LOCAL_DATE),
  WEEK(ChronoUnit.WEEKS, new DateTimeFormatterBuilder()
      .appendValue(IsoFields.WEEK_BASED_YEAR, 4, 4, SignStyle.NEVER)
      .appendLiteral("-W")
      .appendValue(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 2)
      .parseDefaulting(ChronoField.DAY_OF_WEEK, DayOfWeek.MONDAY.getValue())
      .toFormatter()),
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
      case WEEK -> time.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEAR -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  /** {@code time} moved by {@code amount} units of this granularity. */
  public LocalDateTime plus(LocalDateTime time, long amount) {
    return time.plus(amount, unit);
  }

  /**
   * Whether every partition of this granularity is made of whole partitions of {@code finer}. A
   * month or a year is not made of whole weeks.
   */
  public boolean isCoarserThan(Granularity finer) {
    if (finer == WEEK && (this == MONTH || this == YEAR)) {
      return false;
    }
    return compareTo(finer) > 0;
  }

  /**
   * The start of the partition written {@code value}, as {@link PartitionKey#value()} writes it:
   * {@code 2024-01-10T05}, {@code 2024-01-10}, {@code 2024-W02}, {@code 2024-01}, {@code 2024}.
   *
   * @throws IllegalArgumentException when {@code value} is not a partition of this granularity
   *     written that way
   */
  public LocalDateTime parse(String value) {
    try {
      LocalDateTime start = switch (this) {
        case HOUR -> LocalDateTime.parse(value, format);
        case DAY -> LocalDate.parse(value, format).atStartOfDay();
        case WEEK -> LocalDate.parse(value, format).atStartOfDay();
        case MONTH -> YearMonth.parse(value, format).atDay(1).atStartOfDay();
        case YEAR -> Year.parse(value, format).atDay(1).atStartOfDay();
      };
      if (format(start).equals(value)) {
        return start;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid %s partition '%s': expected %s".formatted(
        name().toLowerCase(java.util.Locale.ROOT), value, example()));
  }

  /** A partition of this granularity as people write it, for messages. */
  public String example() {
    return switch (this) {
      case HOUR -> "an hour such as 2024-01-10T05";
      case DAY -> "a day such as 2024-01-10";
      case WEEK -> "an ISO week such as 2024-W02 (Monday 2024-01-08 to Sunday 2024-01-14)";
      case MONTH -> "a month such as 2024-01";
      case YEAR -> "a year such as 2024";
    };
  }

  String format(LocalDateTime start) {
    return format.format(start);
  }
}
