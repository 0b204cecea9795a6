package io.dataflow.gateway.catalog.events;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One partition whose files changed in a snapshot, with what changed in it.
 *
 * @param specId the partition spec the values belong to
 * @param values the partition's field values in spec order; empty for an unpartitioned table
 * @param addedDataFiles data files added to the partition
 * @param removedDataFiles data files removed from the partition
 * @param addedDeleteFiles delete files added to the partition
 * @param removedDeleteFiles delete files removed from the partition
 * @param addedRecords records in the added data files
 * @param removedRecords records in the removed data files
 */
public record ChangedPartition(
    int specId,
    List<PartitionFieldValue> values,
    int addedDataFiles,
    int removedDataFiles,
    int addedDeleteFiles,
    int removedDeleteFiles,
    long addedRecords,
    long removedRecords) {

  public ChangedPartition {
    requireNonNull(values, "values is null");
    values = List.copyOf(values);
  }

  /** The partition as {@code day=2024-01-02/hour=…}, or {@code <unpartitioned>}. */
  public String path() {
    if (values.isEmpty()) {
      return "<unpartitioned>";
    }
    return values.stream().map(PartitionFieldValue::toString).collect(Collectors.joining("/"));
  }

  @Override
  public String toString() {
    return path();
  }
}
