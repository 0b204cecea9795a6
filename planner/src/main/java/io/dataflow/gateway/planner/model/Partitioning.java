package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a table is partitioned: not at all, or by a time column at some granularity.
 *
 * @param column the partition source column, empty when unpartitioned
 * @param granularity the partition granularity, present exactly when {@code column} is
 */
public record Partitioning(Optional<String> column, Optional<Granularity> granularity) {

  public Partitioning {
    requireNonNull(column, "column is null");
    requireNonNull(granularity, "granularity is null");
    if (column.isPresent() != granularity.isPresent()) {
      throw new IllegalArgumentException(
          "Invalid partitioning: column %s and granularity %s must be both present or both absent"
              .formatted(column, granularity));
    }
    column.ifPresent(c -> {
      if (c.isBlank()) {
        throw new IllegalArgumentException("Invalid partitioning: the column name is blank");
      }
    });
  }

  public static Partitioning none() {
    return new Partitioning(Optional.empty(), Optional.empty());
  }

  public static Partitioning by(String column, Granularity granularity) {
    return new Partitioning(Optional.of(column), Optional.of(granularity));
  }

  public boolean isPartitioned() {
    return granularity.isPresent();
  }

  /** Whether {@code key} is a partition of a table partitioned this way. */
  public boolean accepts(PartitionKey key) {
    return key.granularity().equals(granularity);
  }

  @Override
  public String toString() {
    return column.map(c -> granularity.orElseThrow().name().toLowerCase(java.util.Locale.ROOT) + "(" + c + ")")
        .orElse("unpartitioned");
  }
}
