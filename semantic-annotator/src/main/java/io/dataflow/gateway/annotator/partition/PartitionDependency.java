package io.dataflow.gateway.annotator.partition;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How the partitions of one output depend on the partitions of one input. The two directions are
 * exact inverses: {@code q ∈ inputsOf(p)} if and only if {@code p ∈ affectedBy(q)}.
 */
public sealed interface PartitionDependency {

  /** The input partitions output partition {@code output} is computed from. */
  PartitionSet inputsOf(LocalDateTime output);

  /** The output partitions that must be recomputed when input partition {@code changed} changes. */
  PartitionSet affectedBy(LocalDateTime changed);

  /** One line for people: "window -6..0 days". */
  String describe();

  default PartitionSet inputsOf(LocalDate output) {
    return inputsOf(output.atStartOfDay());
  }

  default PartitionSet affectedBy(LocalDate changed) {
    return affectedBy(changed.atStartOfDay());
  }

  /** The output partitions affected by any of {@code changed}. */
  default PartitionSet affectedBy(PartitionSet changed) {
    if (changed.isAll()) {
      return PartitionSet.all();
    }
    PartitionSet result = PartitionSet.of(List.of());
    for (LocalDateTime partition : changed.partitions()) {
      result = result.union(affectedBy(partition));
    }
    return result;
  }

  /** Output partition p reads input partition p. */
  record Identity(PartitionUnit unit) implements PartitionDependency {
    public Identity {
      requireNonNull(unit, "unit is null");
    }

    @Override
    public PartitionSet inputsOf(LocalDateTime output) {
      return PartitionSet.of(List.of(output));
    }

    @Override
    public PartitionSet affectedBy(LocalDateTime changed) {
      return PartitionSet.of(List.of(changed));
    }

    @Override
    public String describe() {
      return "identity (" + plural(unit) + ")";
    }
  }

  /** Output partition p reads input partitions p+from … p+to (a contiguous window). */
  record Window(long from, long to, PartitionUnit unit) implements PartitionDependency {
    public Window {
      requireNonNull(unit, "unit is null");
      if (from > to) {
        throw new IllegalArgumentException(
            "Invalid partition window: from %d is after to %d".formatted(from, to));
      }
    }

    @Override
    public PartitionSet inputsOf(LocalDateTime output) {
      List<LocalDateTime> inputs = new ArrayList<>();
      for (long k = from; k <= to; k++) {
        inputs.add(unit.plus(output, k));
      }
      return PartitionSet.of(inputs);
    }

    @Override
    public PartitionSet affectedBy(LocalDateTime changed) {
      List<LocalDateTime> outputs = new ArrayList<>();
      for (long k = from; k <= to; k++) {
        outputs.add(unit.plus(changed, -k));
      }
      return PartitionSet.of(outputs);
    }

    @Override
    public String describe() {
      return "window " + from + ".." + to + " " + plural(unit);
    }
  }

  /** Output partition p reads input partitions p+k for each k of a set that is not contiguous. */
  record Offsets(NavigableSet<Long> offsets, PartitionUnit unit) implements PartitionDependency {
    public Offsets {
      requireNonNull(unit, "unit is null");
      requireNonNull(offsets, "offsets is null");
      if (offsets.isEmpty()) {
        throw new IllegalArgumentException("A partition dependency by offsets needs an offset");
      }
      offsets = java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(offsets));
    }

    public static Offsets of(PartitionUnit unit, Long... offsets) {
      return new Offsets(new TreeSet<>(List.of(offsets)), unit);
    }

    @Override
    public PartitionSet inputsOf(LocalDateTime output) {
      return PartitionSet.of(offsets.stream().map(k -> unit.plus(output, k)).toList());
    }

    @Override
    public PartitionSet affectedBy(LocalDateTime changed) {
      return PartitionSet.of(offsets.stream().map(k -> unit.plus(changed, -k)).toList());
    }

    @Override
    public String describe() {
      return "offsets " + offsets + " " + plural(unit);
    }
  }

  /**
   * Output partition P of the coarser {@code unit} reads every input partition of
   * {@code inputUnit} within P (output month ← all days of that month).
   */
  record Coarsening(PartitionUnit unit, PartitionUnit inputUnit) implements PartitionDependency {
    public Coarsening {
      requireNonNull(unit, "unit is null");
      requireNonNull(inputUnit, "inputUnit is null");
      if (!unit.isCoarserThan(inputUnit)) {
        throw new IllegalArgumentException("Invalid coarsening: %s partitions are not made of whole %s partitions"
            .formatted(unit, inputUnit));
      }
    }

    @Override
    public PartitionSet inputsOf(LocalDateTime output) {
      LocalDateTime start = unit.truncate(output);
      LocalDateTime end = unit.plus(start, 1);
      List<LocalDateTime> inputs = new ArrayList<>();
      for (LocalDateTime p = start; p.isBefore(end); p = inputUnit.plus(p, 1)) {
        inputs.add(p);
      }
      return PartitionSet.of(inputs);
    }

    @Override
    public PartitionSet affectedBy(LocalDateTime changed) {
      return PartitionSet.of(List.of(unit.truncate(changed)));
    }

    @Override
    public String describe() {
      return "coarsening " + plural(inputUnit) + " to " + plural(unit);
    }
  }

  /** Every output partition reads every input partition. */
  record All() implements PartitionDependency {
    @Override
    public PartitionSet inputsOf(LocalDateTime output) {
      return PartitionSet.all();
    }

    @Override
    public PartitionSet affectedBy(LocalDateTime changed) {
      return PartitionSet.all();
    }

    @Override
    public String describe() {
      return "all partitions";
    }
  }

  /**
   * The narrowest dependency that reads exactly {@code offsets}: identity for {0}, a window for a
   * contiguous run, offsets otherwise.
   */
  static PartitionDependency ofOffsets(Collection<Long> offsets, PartitionUnit unit) {
    TreeSet<Long> sorted = new TreeSet<>(offsets);
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("No offsets for a partition dependency");
    }
    if (sorted.size() == 1 && sorted.first() == 0L) {
      return new Identity(unit);
    }
    if (sorted.size() > 1 && sorted.last() - sorted.first() + 1 == sorted.size()) {
      return new Window(sorted.first(), sorted.last(), unit);
    }
    return new Offsets(sorted, unit);
  }

  private static String plural(PartitionUnit unit) {
    return unit.name().toLowerCase(java.util.Locale.ROOT) + "s";
  }
}
