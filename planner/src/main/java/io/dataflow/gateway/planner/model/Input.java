package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

/**
 * One input of a transform: the dataset read and how the partitions read depend on the partition
 * written.
 *
 * @param dataset the table read
 * @param dependency which of its partitions an output partition reads
 */
public record Input(DatasetId dataset, PartitionDependency dependency) {

  public Input {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(dependency, "dependency is null");
  }

  @Override
  public String toString() {
    return dataset + " (" + dependency.describe() + ")";
  }
}
