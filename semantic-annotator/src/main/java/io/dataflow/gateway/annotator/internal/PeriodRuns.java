package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The daily runs whose rows make one week, month or year partition of a task that writes the
 * logical date truncated ({@code date_trunc('month', DATE '{{ ds }}') AS month}), as Airflow leaves
 * it. Every run within the partition writes it. A replacement ({@code DELETE … WHERE month = …}
 * then {@code INSERT}) leaves the last run's rows. An append is taken, as for day partitions, to
 * give the partition its run computes: the last run's, when that run reads every day any other
 * run of the partition reads (a month to date on its last day); else, when the runs read disjoint
 * days (each its own day), the rows of all of them, which is what the appends add up to. Otherwise
 * no choice of runs gives the partition.
 *
 * @param runs the logical dates to run, when the partition can be rendered
 * @param refusal why it cannot, otherwise
 */
record PeriodRuns(List<LocalDate> runs, Optional<String> refusal) {

  static PeriodRuns of(OutputPartitioning output, WriteMode mode, QueryFacts facts,
      LocalDate start) {
    PartitionUnit unit = output.coarsenedTo().orElseThrow();
    String name = unit.name().toLowerCase(Locale.ROOT) + " " + start;
    List<LocalDate> writers =
        LogicalPeriods.writers(output.logicalPeriod().orElseThrow(), unit, start);
    if (writers.isEmpty()) {
      return refused("no daily run writes the " + name + " ("
          + output.logicalPeriod().get().text() + " is never " + start + ")");
    }
    LocalDate last = writers.getLast();
    if (mode == WriteMode.REPLACE_PARTITIONS || writers.size() == 1) {
      return new PeriodRuns(List.of(last), Optional.empty());
    }
    boolean lastReadsMost = !facts.dropsConditions();
    boolean disjoint = true;
    for (QueryFacts.Scan scan : facts.scans()) {
      if (scan.partitionColumnIndex().isEmpty()) {
        continue; // read whole by every run alike
      }
      if (scan.bounds().isEmpty() || scan.bounds().get().unit() != PartitionUnit.DAY) {
        return refused("the days each run reads from " + scan.table() + " are unknown");
      }
      PartitionBounds bounds = scan.bounds().get();
      Optional<NavigableSet<LocalDate>> lastReads = bounds.daysRead(last, day -> true);
      lastReadsMost &= bounds.notUnderstood().isEmpty() && lastReads.isPresent();
      NavigableSet<LocalDate> seen = new TreeSet<>();
      for (LocalDate ds : writers) {
        Optional<NavigableSet<LocalDate>> reads = bounds.daysRead(ds, day -> true);
        if (reads.isEmpty()) {
          lastReadsMost = false;
          disjoint = false;
          break;
        }
        lastReadsMost &= lastReads.isPresent() && lastReads.get().containsAll(reads.get());
        for (LocalDate day : reads.get()) {
          disjoint &= seen.add(day);
        }
      }
      if (!lastReadsMost && !disjoint) {
        return refused("each daily run appends to the " + name + ", but the run for " + last
            + ", the last to write it, does not read every day the others read from "
            + scan.table() + ", and the runs do not read disjoint days of it ("
            + bounds.describe() + "): no set of runs gives the " + unit.name()
                .toLowerCase(Locale.ROOT) + " as the appends leave it");
      }
    }
    return new PeriodRuns(lastReadsMost ? List.of(last) : writers, Optional.empty());
  }

  private static PeriodRuns refused(String why) {
    return new PeriodRuns(List.of(), Optional.of(why));
  }
}
