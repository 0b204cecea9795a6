package io.dataflow.gateway.annotator.partition;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A set of partitions, each named by the start of its span, or every partition of a table.
 *
 * @param isAll true for every partition (then {@code partitions} is empty)
 * @param partitions the partitions, sorted
 */
public record PartitionSet(boolean isAll, NavigableSet<LocalDateTime> partitions) {

  public PartitionSet {
    requireNonNull(partitions, "partitions is null");
    if (isAll && !partitions.isEmpty()) {
      throw new IllegalArgumentException("A set of all partitions lists none, got " + partitions);
    }
    partitions = java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(partitions));
  }

  public static PartitionSet all() {
    return new PartitionSet(true, new TreeSet<>());
  }

  public static PartitionSet of(Collection<LocalDateTime> partitions) {
    return new PartitionSet(false, new TreeSet<>(partitions));
  }

  /** Day partitions: {@code PartitionSet.ofDates(LocalDate.of(2024, 1, 10))}. */
  public static PartitionSet ofDates(LocalDate... dates) {
    TreeSet<LocalDateTime> set = new TreeSet<>();
    for (LocalDate date : dates) {
      set.add(date.atStartOfDay());
    }
    return new PartitionSet(false, set);
  }

  /** Every day from {@code first} to {@code last}, both included. */
  public static PartitionSet dateRange(LocalDate first, LocalDate last) {
    if (first.isAfter(last)) {
      throw new IllegalArgumentException(
          "Invalid date range: first %s is after last %s".formatted(first, last));
    }
    return of(first.datesUntil(last.plusDays(1)).map(LocalDate::atStartOfDay).toList());
  }

  public PartitionSet union(PartitionSet other) {
    if (isAll || other.isAll) {
      return all();
    }
    TreeSet<LocalDateTime> union = new TreeSet<>(partitions);
    union.addAll(other.partitions);
    return new PartitionSet(false, union);
  }

  /** The partitions as dates; only for a finite set of partitions that start at midnight. */
  public List<LocalDate> dates() {
    if (isAll) {
      throw new IllegalStateException("The set of all partitions cannot be listed");
    }
    return partitions.stream().map(LocalDateTime::toLocalDate).toList();
  }

  @Override
  public String toString() {
    return isAll ? "ALL" : partitions.toString();
  }
}
