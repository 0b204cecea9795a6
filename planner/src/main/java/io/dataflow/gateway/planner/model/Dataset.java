package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

/**
 * A table of the dataflow.
 *
 * @param id the Iceberg table
 * @param origin whether others write it or a transform of the graph produces it
 * @param partitioning how it is partitioned
 */
public record Dataset(DatasetId id, Origin origin, Partitioning partitioning) {

  /** Who writes a dataset. */
  public enum Origin {
    /** Written outside the dataflow (an ingestion job); its snapshots start work. */
    EXTERNAL,
    /** Written by exactly one transform of the graph. */
    PRODUCED
  }

  public Dataset {
    requireNonNull(id, "id is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(partitioning, "partitioning is null");
  }

  public static Dataset external(DatasetId id, Partitioning partitioning) {
    return new Dataset(id, Origin.EXTERNAL, partitioning);
  }

  public static Dataset produced(DatasetId id, Partitioning partitioning) {
    return new Dataset(id, Origin.PRODUCED, partitioning);
  }

  public boolean isExternal() {
    return origin == Origin.EXTERNAL;
  }
}
