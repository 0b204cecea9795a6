package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Week, month and year partitions written by daily runs: which runs write a partition when the
 * partition is the logical date truncated, and the spans on which a relation between conditions
 * and partitions is checked. The conditions read are relative to the logical date, so what they
 * select changes with the calendar only (the weekday, the length of a month, leap years): the
 * samples cover every weekday, months of 28 to 31 days and a leap and a common year.
 */
final class LogicalPeriods {

  private LogicalPeriods() {}

  /** The first day of the partition of {@code unit} that follows the one starting on {@code start}. */
  static LocalDate next(PartitionUnit unit, LocalDate start) {
    return unit.plus(start.atStartOfDay(), 1).toLocalDate();
  }

  /** True when {@code day} starts a partition of {@code unit}. */
  static boolean starts(PartitionUnit unit, LocalDate day) {
    return unit.truncate(day.atStartOfDay()).toLocalDate().equals(day);
  }

  /** The partitions the relations are checked on, by their first days. */
  static List<LocalDate> samples(PartitionUnit unit) {
    LocalDate first;
    LocalDate last;
    switch (unit) {
      case WEEK -> {
        first = LocalDate.of(2023, 12, 25);
        last = LocalDate.of(2024, 3, 25);
      }
      case MONTH -> {
        first = LocalDate.of(2023, 11, 1);
        last = LocalDate.of(2025, 3, 1);
      }
      case YEAR -> {
        first = LocalDate.of(2024, 1, 1);
        last = LocalDate.of(2025, 1, 1);
      }
      default -> throw new IllegalArgumentException("Not a unit coarser than a day: " + unit);
    }
    List<LocalDate> starts = new ArrayList<>();
    for (LocalDate start = first; !start.isAfter(last); start = next(unit, start)) {
      starts.add(start);
    }
    return starts;
  }

  /** Every day of the sample partitions, the logical dates checked one by one. */
  static List<LocalDate> sampleDays(PartitionUnit unit) {
    List<LocalDate> starts = samples(unit);
    return starts.getFirst().datesUntil(next(unit, starts.getLast())).toList();
  }

  /**
   * The logical dates whose runs write the partition starting on {@code start}, in order. The
   * partition is {@code date_trunc(unit, g(ds))} for a g made of shifts by days or months, so it
   * never decreases as the logical date grows: its runs are the days from the first whose partition
   * is not before {@code start} while the partition is {@code start}, found by bisection within the
   * distance of {@code start} from the partition of its own run, plus a year.
   */
  static List<LocalDate> writers(LogicalDateExpression period, PartitionUnit unit, LocalDate start) {
    long distance = Math.abs(ChronoUnit.DAYS.between(start, period.apply(start).toLocalDate()));
    LocalDate end = next(unit, start);
    long low = start.minusDays(distance + 372).toEpochDay();
    long high = end.plusDays(distance + 372).toEpochDay();
    while (low < high) {
      long middle = low + (high - low) / 2;
      if (period.apply(LocalDate.ofEpochDay(middle)).toLocalDate().isBefore(start)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    List<LocalDate> runs = new ArrayList<>();
    for (LocalDate ds = LocalDate.ofEpochDay(low);
        period.apply(ds).toLocalDate().equals(start); ds = ds.plusDays(1)) {
      runs.add(ds);
    }
    return runs;
  }

  /**
   * True when, for every sample partition, each run that writes it reads only days of it from an
   * input bounded by {@code bounds}: then each partition depends on its own days only (a
   * coarsening). False when some run reads a day of another partition, or reads without bound.
   */
  static boolean readsWithin(LogicalDateExpression period, PartitionUnit unit,
      PartitionBounds bounds) {
    for (LocalDate start : samples(unit)) {
      LocalDate end = next(unit, start);
      for (LocalDate ds : writers(period, unit, start)) {
        Optional<List<PartitionBounds.DaySpan>> read = bounds.spansRead(ds);
        if (read.isEmpty() || !read.get().isEmpty()
            && (read.get().getFirst().first().isBefore(start)
                || !read.get().getLast().last().isBefore(end))) {
          return false;
        }
      }
    }
    return true;
  }
}
