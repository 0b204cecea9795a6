package io.dataflow.gateway.annotator.partition;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** The time span of one partition. Weeks start on Monday, as in Trino's {@code date_trunc}. */
public enum PartitionUnit {
  HOUR(ChronoUnit.HOURS),
  DAY(ChronoUnit.DAYS),
  WEEK(ChronoUnit.WEEKS),
  MONTH(ChronoUnit.MONTHS),
  YEAR(ChronoUnit.YEARS);

  private final ChronoUnit chronoUnit;

  PartitionUnit(ChronoUnit chronoUnit) {
    this.chronoUnit = chronoUnit;
  }

  public ChronoUnit chronoUnit() {
    return chronoUnit;
  }

  /** {@code partition} moved by {@code amount} units. */
  public LocalDateTime plus(LocalDateTime partition, long amount) {
    return partition.plus(amount, chronoUnit);
  }

  /** The start of the span of this unit that contains {@code time}. */
  public LocalDateTime truncate(LocalDateTime time) {
    return switch (this) {
      case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
      case DAY -> time.truncatedTo(ChronoUnit.DAYS);
      case WEEK -> time.truncatedTo(ChronoUnit.DAYS)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEAR -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  /** True when a span of {@code finer} always lies within one span of this unit. */
  public boolean isCoarserThan(PartitionUnit finer) {
    if (this == finer) {
      return false;
    }
    if (this == MONTH && finer == WEEK || this == YEAR && finer == WEEK) {
      return false;
    }
    return ordinal() > finer.ordinal();
  }
}
