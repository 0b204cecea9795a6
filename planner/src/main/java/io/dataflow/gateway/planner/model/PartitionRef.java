package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * One partition of one dataset.
 *
 * @param dataset the table
 * @param key the partition
 */
public record PartitionRef(DatasetId dataset, PartitionKey key) implements Comparable<PartitionRef> {

  private static final Comparator<PartitionRef> ORDER =
      Comparator.comparing(PartitionRef::dataset).thenComparing(PartitionRef::key);

  public PartitionRef {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(key, "key is null");
  }

  @Override
  public int compareTo(PartitionRef other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return dataset + "[" + key + "]";
  }
}
