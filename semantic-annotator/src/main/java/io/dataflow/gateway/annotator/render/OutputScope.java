package io.dataflow.gateway.annotator.render;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/** Which part of a task's output table a rendered statement covers. */
public sealed interface OutputScope {

  /** Most day partitions one statement covers: a longer range is split by the caller. */
  int MAX_DAYS = 366;

  /**
   * The day partitions {@code first} to {@code last}, both included (one partition when they are
   * equal). Of a table partitioned by weeks, months or years (dates truncated to the unit), the
   * partitions those days make up: the range must then start on a partition's first day and end on
   * one's last day.
   */
  record Days(LocalDate first, LocalDate last) implements OutputScope {
    public Days {
      requireNonNull(first, "first is null");
      requireNonNull(last, "last is null");
      if (first.isAfter(last)) {
        throw new IllegalArgumentException(
            "Invalid partition range: first %s is after last %s".formatted(first, last));
      }
      checkYear(first);
      checkYear(last);
      long days = ChronoUnit.DAYS.between(first, last) + 1;
      if (days > MAX_DAYS) {
        throw new IllegalArgumentException("Partition range %s..%s has %d days; at most %d per"
            .formatted(first, last, days, MAX_DAYS) + " statement");
      }
    }

    /** The number of partitions. */
    public int size() {
      return (int) ChronoUnit.DAYS.between(first, last) + 1;
    }
  }

  /** Most hour partitions one statement covers: a longer range is split by the caller. */
  int MAX_HOURS = 31 * 24;

  /**
   * The hour partitions starting at {@code first} to the one starting at {@code last}, both
   * included, of a table partitioned by a {@code TIMESTAMP} column.
   */
  record Hours(LocalDateTime first, LocalDateTime last) implements OutputScope {
    public Hours {
      requireNonNull(first, "first is null");
      requireNonNull(last, "last is null");
      if (!first.equals(first.truncatedTo(ChronoUnit.HOURS))
          || !last.equals(last.truncatedTo(ChronoUnit.HOURS))) {
        throw new IllegalArgumentException(
            "Invalid hour partitions %s..%s: each must start on the hour".formatted(first, last));
      }
      if (first.isAfter(last)) {
        throw new IllegalArgumentException(
            "Invalid partition range: first %s is after last %s".formatted(first, last));
      }
      checkYear(first.toLocalDate());
      checkYear(last.toLocalDate());
      long hours = ChronoUnit.HOURS.between(first, last) + 1;
      if (hours > MAX_HOURS) {
        throw new IllegalArgumentException("Partition range %s..%s has %d hours; at most %d per"
            .formatted(first, last, hours, MAX_HOURS) + " statement");
      }
    }
  }

  /**
   * The whole table, as a task that replaces its whole output writes it for {@code logicalDate}.
   */
  record WholeTable(LocalDate logicalDate) implements OutputScope {
    public WholeTable {
      requireNonNull(logicalDate, "logicalDate is null");
      checkYear(logicalDate);
    }
  }

  /** One day partition. */
  static OutputScope day(LocalDate day) {
    return new Days(day, day);
  }

  /** The day partitions {@code first} to {@code last}, both included. */
  static OutputScope days(LocalDate first, LocalDate last) {
    return new Days(first, last);
  }

  /** The hour partitions starting at {@code first} to {@code last}, both included. */
  static OutputScope hours(LocalDateTime first, LocalDateTime last) {
    return new Hours(first, last);
  }

  /** The whole table, written for {@code logicalDate}. */
  static OutputScope wholeTable(LocalDate logicalDate) {
    return new WholeTable(logicalDate);
  }

  private static void checkYear(LocalDate date) {
    // a four-digit year is what a DATE literal carries in every engine
    if (date.getYear() < 1 || date.getYear() > 9999) {
      throw new IllegalArgumentException(
          "Invalid partition date %s: the year must be 1 to 9999".formatted(date));
    }
  }
}
