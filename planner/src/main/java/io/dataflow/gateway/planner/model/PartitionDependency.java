package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How the partitions of a transform's output depend on the partitions of one of its inputs. The two
 * directions are inverses: {@code q ∈ inputsOf(p)} if and only if {@code p ∈ affectedBy(q)}.
 *
 * <p>This is the planner's own abstraction; the server adapts what the semantic annotator infers to
 * it, so that the planner depends on nothing but itself.
 */
public sealed interface PartitionDependency {

  static PartitionDependency identity() {
    return new Identity();
  }

  /** Output partition p reads input partitions p+from … p+to: {@code window(-6, 0)} for a rolling week. */
  static PartitionDependency window(long from, long to) {
    return new Window(from, to);
  }

  /** Output partition p reads input partitions p+k for each k: {@code offsets(-7, 0)}. */
  static PartitionDependency offsets(long... offsets) {
    return new Offsets(new TreeSet<>(Arrays.stream(offsets).boxed().toList()));
  }

  /** Output partitions of {@code to} read every input partition of {@code from} they contain. */
  static PartitionDependency coarsening(Granularity from, Granularity to) {
    return new Coarsening(from, to);
  }

  /** Every output partition reads every input partition. */
  static PartitionDependency all() {
    return new All();
  }

  /** The input partitions output partition {@code output} is computed from. */
  PartitionSet inputsOf(PartitionKey output);

  /** The output partitions to recompute when input partition {@code changed} changes. */
  PartitionSet affectedBy(PartitionKey changed);

  /**
   * The output partitions that come into existence when input partition {@code input} first appears:
   * those whose latest input it is. Late data for day 31 creates the rolling week ending on day 31,
   * not the six weeks after it. Empty for {@link All}: an unpartitioned output always exists.
   */
  PartitionSet createdBy(PartitionKey input);

  /** One line for people: "window -6..0". */
  String describe();

  /**
   * Why this dependency cannot connect an input partitioned as {@code input} to an output partitioned
   * as {@code output}, or empty when it can.
   */
  Optional<String> incompatibility(Partitioning input, Partitioning output);

  /** Output partition p reads input partition p. */
  record Identity() implements PartitionDependency {
    @Override
    public PartitionSet inputsOf(PartitionKey output) {
      return PartitionSet.of(List.of(output));
    }

    @Override
    public PartitionSet affectedBy(PartitionKey changed) {
      return PartitionSet.of(List.of(changed));
    }

    @Override
    public PartitionSet createdBy(PartitionKey input) {
      return PartitionSet.of(List.of(input));
    }

    @Override
    public String describe() {
      return "identity";
    }

    @Override
    public Optional<String> incompatibility(Partitioning input, Partitioning output) {
      return input.granularity().equals(output.granularity())
          ? Optional.empty()
          : Optional.of("identity needs the same partitioning on both sides, not %s and %s".formatted(input, output));
    }
  }

  /**
   * Output partition p reads input partitions p+from … p+to.
   *
   * @param from the first offset, in periods of the input's granularity
   * @param to the last offset, not before {@code from}
   */
  record Window(long from, long to) implements PartitionDependency {
    public Window {
      if (from > to) {
        throw new IllegalArgumentException("Invalid partition window: from %d is after to %d".formatted(from, to));
      }
    }

    @Override
    public PartitionSet inputsOf(PartitionKey output) {
      return shifted(output, from, to);
    }

    @Override
    public PartitionSet affectedBy(PartitionKey changed) {
      return shifted(changed, -to, -from);
    }

    @Override
    public PartitionSet createdBy(PartitionKey input) {
      return PartitionSet.of(List.of(input.plus(-to)));
    }

    private static PartitionSet shifted(PartitionKey key, long first, long last) {
      List<PartitionKey> keys = new java.util.ArrayList<>();
      for (long k = first; k <= last; k++) {
        keys.add(key.plus(k));
      }
      return PartitionSet.of(keys);
    }

    @Override
    public String describe() {
      return "window " + from + ".." + to;
    }

    @Override
    public Optional<String> incompatibility(Partitioning input, Partitioning output) {
      return sameTimePartitioning("a window", input, output);
    }
  }

  /**
   * Output partition p reads input partitions p+k for each k of a set that need not be contiguous.
   *
   * @param offsets the offsets, at least one, in periods of the input's granularity
   */
  record Offsets(NavigableSet<Long> offsets) implements PartitionDependency {
    public Offsets {
      requireNonNull(offsets, "offsets is null");
      if (offsets.isEmpty()) {
        throw new IllegalArgumentException("Invalid partition offsets: at least one offset is needed");
      }
      offsets = Collections.unmodifiableNavigableSet(new TreeSet<>(offsets));
    }

    @Override
    public PartitionSet inputsOf(PartitionKey output) {
      return PartitionSet.of(offsets.stream().map(output::plus).toList());
    }

    @Override
    public PartitionSet affectedBy(PartitionKey changed) {
      return PartitionSet.of(offsets.stream().map(k -> changed.plus(-k)).toList());
    }

    @Override
    public PartitionSet createdBy(PartitionKey input) {
      return PartitionSet.of(List.of(input.plus(-offsets.last())));
    }

    @Override
    public String describe() {
      return "offsets " + offsets;
    }

    @Override
    public Optional<String> incompatibility(Partitioning input, Partitioning output) {
      return sameTimePartitioning("offsets", input, output);
    }
  }

  /**
   * Output partition P of the coarser granularity {@code to} reads every input partition of {@code
   * from} within P (a month reads its days).
   *
   * @param from the input's granularity
   * @param to the output's granularity, coarser than {@code from}
   */
  record Coarsening(Granularity from, Granularity to) implements PartitionDependency {
    public Coarsening {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      if (!to.isCoarserThan(from)) {
        throw new IllegalArgumentException(
            "Invalid coarsening: %s partitions are not made of whole %s partitions".formatted(to, from));
      }
    }

    @Override
    public PartitionSet inputsOf(PartitionKey output) {
      return PartitionSet.of(period(output, to).split(from));
    }

    @Override
    public PartitionSet affectedBy(PartitionKey changed) {
      return PartitionSet.of(List.of(period(changed, from).truncateTo(to)));
    }

    @Override
    public PartitionSet createdBy(PartitionKey input) {
      return affectedBy(input);
    }

    private static PartitionKey.Period period(PartitionKey key, Granularity expected) {
      if (key instanceof PartitionKey.Period p && p.unit() == expected) {
        return p;
      }
      throw new IllegalArgumentException("Expected a %s partition, got %s".formatted(expected, key));
    }

    @Override
    public String describe() {
      return "coarsening " + from + " to " + to;
    }

    @Override
    public Optional<String> incompatibility(Partitioning input, Partitioning output) {
      return input.granularity().equals(Optional.of(from)) && output.granularity().equals(Optional.of(to))
          ? Optional.empty()
          : Optional.of("%s needs a %s input and a %s output, not %s and %s".formatted(describe(), from, to, input, output));
    }
  }

  /** Every output partition reads every input partition (FULL and OPAQUE transforms). */
  record All() implements PartitionDependency {
    @Override
    public PartitionSet inputsOf(PartitionKey output) {
      return PartitionSet.all();
    }

    @Override
    public PartitionSet affectedBy(PartitionKey changed) {
      return PartitionSet.all();
    }

    @Override
    public PartitionSet createdBy(PartitionKey input) {
      return PartitionSet.none();
    }

    @Override
    public String describe() {
      return "all partitions";
    }

    @Override
    public Optional<String> incompatibility(Partitioning input, Partitioning output) {
      return Optional.empty();
    }
  }

  private static Optional<String> sameTimePartitioning(String what, Partitioning input, Partitioning output) {
    return input.isPartitioned() && input.granularity().equals(output.granularity())
        ? Optional.empty()
        : Optional.of("%s needs both sides partitioned by the same time granularity, not %s and %s"
            .formatted(what, input, output));
  }
}
