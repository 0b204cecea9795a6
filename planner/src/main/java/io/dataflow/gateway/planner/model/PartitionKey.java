package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One partition of a table: a time period of some {@link Granularity}, or the single partition of an
 * unpartitioned table. Keys order by granularity, then by time.
 */
public sealed interface PartitionKey extends Comparable<PartitionKey> {

  /** The only partition of an unpartitioned table. */
  static PartitionKey unpartitioned() {
    return new Unpartitioned();
  }

  static PartitionKey of(Granularity granularity, LocalDateTime start) {
    return new Period(granularity, start);
  }

  static PartitionKey day(LocalDate day) {
    return new Period(Granularity.DAY, day.atStartOfDay());
  }

  /** A day partition from an ISO date: {@code day("2024-01-10")}. */
  static PartitionKey day(String isoDate) {
    return day(LocalDate.parse(isoDate));
  }

  static PartitionKey hour(LocalDateTime hour) {
    return new Period(Granularity.HOUR, hour);
  }

  static PartitionKey month(YearMonth month) {
    return new Period(Granularity.MONTH, month.atDay(1).atStartOfDay());
  }

  /** A month partition from {@code "2024-01"}. */
  static PartitionKey month(String yearMonth) {
    return month(YearMonth.parse(yearMonth));
  }

  /** The ISO week (Monday to Sunday) that contains {@code day}. */
  static PartitionKey week(LocalDate day) {
    return containing(Granularity.WEEK, day.atStartOfDay());
  }

  /** The partition of {@code granularity} that contains {@code time}. */
  static PartitionKey containing(Granularity granularity, LocalDateTime time) {
    return new Period(granularity, granularity.truncate(time));
  }

  /**
   * The partition of {@code granularity} written {@code value}, as {@link #value()} writes it.
   *
   * @throws IllegalArgumentException when {@code value} is not one written that way
   */
  static PartitionKey parse(Granularity granularity, String value) {
    return new Period(granularity, granularity.parse(value));
  }

  /** The granularity, empty for the unpartitioned key. */
  Optional<Granularity> granularity();

  /**
   * This key moved by {@code amount} periods of its own granularity.
   *
   * @throws UnsupportedOperationException for the unpartitioned key, which has no neighbours
   */
  PartitionKey plus(long amount);

  /**
   * The partition value as people write it: {@code 2024-01-10}, {@code 2024-W02}, {@code 2024-01},
   * {@code (unpartitioned)}.
   */
  String value();

  /** The unique partition of an unpartitioned table. */
  record Unpartitioned() implements PartitionKey {
    @Override
    public Optional<Granularity> granularity() {
      return Optional.empty();
    }

    @Override
    public PartitionKey plus(long amount) {
      if (amount == 0) {
        return this;
      }
      throw new UnsupportedOperationException("An unpartitioned table has a single partition: it cannot be moved by " + amount);
    }

    @Override
    public String value() {
      return "(unpartitioned)";
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * A time period.
   *
   * @param unit the period's length
   * @param start the first instant of the period (local time of the table's partition column)
   */
  record Period(Granularity unit, LocalDateTime start) implements PartitionKey {
    public Period {
      requireNonNull(unit, "unit is null");
      requireNonNull(start, "start is null");
      if (!unit.truncate(start).equals(start)) {
        throw new IllegalArgumentException(
            "Invalid partition key: %s is not the start of a %s period".formatted(start, unit));
      }
    }

    @Override
    public Optional<Granularity> granularity() {
      return Optional.of(unit);
    }

    @Override
    public PartitionKey plus(long amount) {
      return new Period(unit, unit.plus(start, amount));
    }

    /** The first instant after the period. */
    public LocalDateTime end() {
      return unit.plus(start, 1);
    }

    /** The period of the coarser unit {@code target} that contains this one. */
    public Period truncateTo(Granularity target) {
      if (target != unit && !target.isCoarserThan(unit)) {
        throw new IllegalArgumentException(
            "Cannot truncate a %s partition to %s: a %s is not made of whole %ss".formatted(unit, target, target, unit));
      }
      return new Period(target, target.truncate(start));
    }

    /** The periods of the finer unit {@code finer} that make up this one, in order. */
    public List<PartitionKey> split(Granularity finer) {
      if (!unit.isCoarserThan(finer)) {
        throw new IllegalArgumentException(
            "Cannot split a %s partition into %s partitions".formatted(unit, finer));
      }
      List<PartitionKey> parts = new ArrayList<>();
      LocalDateTime end = unit.plus(start, 1);
      for (LocalDateTime t = start; t.isBefore(end); t = finer.plus(t, 1)) {
        parts.add(new Period(finer, t));
      }
      return List.copyOf(parts);
    }

    @Override
    public String value() {
      return unit.format(start);
    }

    @Override
    public String toString() {
      return value();
    }
  }

  @Override
  default int compareTo(PartitionKey other) {
    if (this instanceof Period a && other instanceof Period b) {
      int byGranularity = a.unit().compareTo(b.unit());
      return byGranularity != 0 ? byGranularity : a.start().compareTo(b.start());
    }
    return Boolean.compare(this instanceof Period, other instanceof Period);
  }
}
