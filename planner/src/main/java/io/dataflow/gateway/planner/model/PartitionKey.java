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

  /** The granularity, empty for the unpartitioned key. */
  Optional<Granularity> granularity();

  /**
   * This key moved by {@code amount} periods of its own granularity.
   *
   * @throws UnsupportedOperationException for the unpartitioned key, which has no neighbours
   */
  PartitionKey plus(long amount);

  /** The partition value as people write it: {@code 2024-01-10}, {@code 2024-01}, {@code (all)}. */
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

    /** The period of the coarser unit {@code target} that contains this one. */
    public Period truncateTo(Granularity target) {
      if (target.compareTo(unit) < 0) {
        throw new IllegalArgumentException(
            "Cannot truncate a %s partition to the finer %s".formatted(unit, target));
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
