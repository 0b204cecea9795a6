package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partition dependency of each input on the output: the offsets each reference reads, made
 * relative to the output partition written, merged over every reference to the same table.
 */
final class Dependencies {

  private Dependencies() {}

  static List<InputTable> inputs(QueryFacts facts, OutputPartitioning output) {
    Map<TableName, Merged> byTable = new LinkedHashMap<>();
    for (QueryFacts.Scan scan : facts.scans()) {
      Merged merged = byTable.computeIfAbsent(scan.table(), t -> new Merged(scan));
      if (output.logicalPeriod().isPresent()) {
        merged.add(scan, periodCoarsening(scan, output));
      } else if (output.coarsenedTo().isPresent()) {
        merged.add(scan, coarsening(scan, output));
      } else {
        merged.add(scan, relativeOffsets(scan, facts, output).map(
            offsets -> PartitionDependency.ofOffsets(offsets, merged.unit)));
      }
    }
    List<InputTable> inputs = new ArrayList<>();
    for (Merged merged : byTable.values()) {
      inputs.add(merged.toInput());
    }
    return inputs;
  }

  /**
   * The dependency on {@code scan} when output partitions are its partitions truncated to a coarser
   * unit: a coarsening for the truncated scan if it is read row by row, every partition of any
   * other (its offsets are relative to the logical date, not to the coarse output partition).
   */
  private static Optional<PartitionDependency> coarsening(
      QueryFacts.Scan scan, OutputPartitioning output) {
    PartitionUnit coarse = output.coarsenedTo().orElseThrow();
    if (scan.bounds().isEmpty() || !output.followedScans().contains(scan.ref())
        || !output.rowWise() || !coarse.isCoarserThan(scan.bounds().get().unit())) {
      return Optional.empty();
    }
    return Optional.of(new PartitionDependency.Coarsening(coarse, scan.bounds().get().unit()));
  }

  /**
   * The dependency on {@code scan} when the output partition is the logical date truncated to a
   * coarser unit: every run within a partition writes it, so it depends on what all of them read.
   * A coarsening when each of those runs reads days of that partition only; every partition when
   * some run reads a day outside it (or reads without bound), since the days of the partition are
   * then not all it depends on.
   */
  private static Optional<PartitionDependency> periodCoarsening(
      QueryFacts.Scan scan, OutputPartitioning output) {
    PartitionUnit coarse = output.coarsenedTo().orElseThrow();
    if (scan.bounds().isEmpty() || scan.bounds().get().unit() != PartitionUnit.DAY
        || !LogicalPeriods.readsWithin(output.logicalPeriod().orElseThrow(), coarse,
            scan.bounds().get())) {
      return Optional.empty();
    }
    return Optional.of(new PartitionDependency.Coarsening(coarse, PartitionUnit.DAY));
  }

  /** Offsets of {@code scan} relative to the output partition; empty for "all partitions". */
  private static Optional<TreeSet<Long>> relativeOffsets(
      QueryFacts.Scan scan, QueryFacts facts, OutputPartitioning output) {
    if (scan.bounds().isEmpty() || !output.partitioned() || output.unknown().isPresent()) {
      return Optional.empty();
    }
    if (output.followedScans().contains(scan.ref()) && output.rowWise()) {
      return Optional.of(new TreeSet<>(List.of(0L)));
    }
    Optional<TreeSet<Long>> read = scan.bounds().get().offsets();
    if (read.isEmpty() || output.offsets().isEmpty()
        || scan.bounds().get().unit() != output.unit()) {
      return Optional.empty();
    }
    TreeSet<Long> relative = new TreeSet<>();
    for (long q : read.get()) {
      for (long p : output.offsets().get()) {
        relative.add(q - p);
      }
    }
    return relative.isEmpty() ? Optional.empty() : Optional.of(relative);
  }

  private static final class Merged {
    private final TableName table;
    private final List<String> partitionColumns;
    private final PartitionUnit unit;
    private final Set<String> predicates = new LinkedHashSet<>();
    private final Set<PartitionDependency> dependencies = new LinkedHashSet<>();
    private boolean all;

    Merged(QueryFacts.Scan first) {
      this.table = first.table();
      this.partitionColumns = first.schema().map(TableSchema::partitionColumns).orElse(List.of());
      this.unit = first.bounds().map(PartitionBounds::unit).orElse(PartitionUnit.DAY);
    }

    void add(QueryFacts.Scan scan, Optional<PartitionDependency> dependency) {
      scan.bounds().ifPresent(b -> predicates.addAll(b.predicates()));
      if (dependency.isEmpty()) {
        all = true;
      } else {
        dependencies.add(dependency.get());
      }
    }

    /** One dependency covering every reference to the table; all partitions when they differ in kind. */
    InputTable toInput() {
      return new InputTable(table, partitionColumns, List.copyOf(predicates), merged());
    }

    private PartitionDependency merged() {
      if (all || dependencies.isEmpty()) {
        return new PartitionDependency.All();
      }
      if (dependencies.size() == 1) {
        return dependencies.iterator().next();
      }
      TreeSet<Long> offsets = new TreeSet<>();
      for (PartitionDependency dependency : dependencies) {
        switch (dependency) {
          case PartitionDependency.Identity identity -> offsets.add(0L);
          case PartitionDependency.Window window -> {
            for (long k = window.from(); k <= window.to(); k++) {
              offsets.add(k);
            }
          }
          case PartitionDependency.Offsets set -> offsets.addAll(set.offsets());
          default -> {
            return new PartitionDependency.All();
          }
        }
      }
      return PartitionDependency.ofOffsets(offsets, unit);
    }
  }
}
