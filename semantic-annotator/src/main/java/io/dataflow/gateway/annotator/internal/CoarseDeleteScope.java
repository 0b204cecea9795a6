package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether a {@code DELETE … WHERE} removes exactly the week, month or year partitions the insert
 * after it writes, for a task whose partitions are coarser than a day: the logical date truncated
 * ({@code date_trunc('month', DATE '{{ ds }}') AS month}), or the days it reads truncated
 * ({@code date_trunc('week', order_day)}). Both sides are functions of the logical date that change
 * with the calendar only, so they are compared for every logical date of the sample partitions
 * ({@link LogicalPeriods}).
 */
final class CoarseDeleteScope {

  private CoarseDeleteScope() {}

  /** Why the delete and the insert are not one replacement of whole partitions, if they are not. */
  static Optional<String> mismatch(String target, OutputPartitioning output, QueryFacts query,
      Optional<PartitionBounds> deleteBounds) {
    PartitionUnit unit = output.coarsenedTo().orElseThrow();
    String units = unit.name().toLowerCase(Locale.ROOT) + "s";
    if (deleteBounds.isEmpty() || deleteBounds.get().notUnderstood().isPresent()) {
      return Optional.of("cannot tell which " + units + " of " + target + " the DELETE removes"
          + deleteBounds.flatMap(PartitionBounds::notUnderstood)
              .map(c -> " (a condition is not understood: " + c + ")").orElse(""));
    }
    PartitionBounds delete = deleteBounds.get();
    String deleted = "the " + units + " of " + target + " where " + delete.describe();
    String written = written(output, query, units);
    for (LocalDate ds : LogicalPeriods.sampleDays(unit)) {
      Optional<NavigableSet<LocalDate>> removes =
          delete.daysRead(ds, day -> LogicalPeriods.starts(unit, day));
      if (removes.isEmpty()) {
        return Optional.of("the DELETE removes " + deleted + ", which is not bounded on both"
            + " sides, but the INSERT writes " + written);
      }
      Optional<NavigableSet<LocalDate>> writes = writes(output, query, ds);
      if (writes.isEmpty()) {
        return Optional.of("the DELETE removes " + deleted + " but the INSERT writes " + written
            + ", and those days are not bounded on both sides: it writes more " + units
            + " than the DELETE removes");
      }
      if (!removes.get().equals(writes.get())) {
        return Optional.of("the DELETE removes " + deleted + " but the INSERT writes " + written
            + ": for logical date " + ds + " it removes " + removes.get() + " and writes "
            + writes.get());
      }
    }
    return Optional.empty();
  }

  private static String written(OutputPartitioning output, QueryFacts query, String units) {
    if (output.logicalPeriod().isPresent()) {
      return "the " + units.substring(0, units.length() - 1) + " "
          + output.logicalPeriod().get().text();
    }
    List<String> reads = new ArrayList<>();
    for (QueryFacts.Scan scan : query.scans()) {
      if (output.followedScans().contains(scan.ref())) {
        reads.add(scan.table() + query.returnedBounds(scan)
            .map(b -> " where " + b.describe()).orElse(""));
      }
    }
    return "the " + units + " of the days it reads from " + String.join(" and ", reads);
  }

  /** The partitions the run for {@code ds} writes; empty when they are not bounded. */
  private static Optional<NavigableSet<LocalDate>> writes(OutputPartitioning output,
      QueryFacts query, LocalDate ds) {
    PartitionUnit unit = output.coarsenedTo().orElseThrow();
    if (output.logicalPeriod().isPresent()) {
      return Optional.of(new TreeSet<>(List.of(output.logicalPeriod().get().apply(ds).toLocalDate())));
    }
    NavigableSet<LocalDate> partitions = new TreeSet<>();
    for (QueryFacts.Scan scan : query.scans()) {
      if (!output.followedScans().contains(scan.ref())) {
        continue;
      }
      Optional<NavigableSet<LocalDate>> days =
          query.returnedBounds(scan).flatMap(b -> b.daysRead(ds, day -> true));
      if (days.isEmpty()) {
        return Optional.empty();
      }
      days.get().forEach(day -> partitions.add(unit.truncate(day.atStartOfDay()).toLocalDate()));
    }
    return Optional.of(partitions);
  }
}
