package io.dataflow.gateway.planner.cost;

/**
 * What Iceberg metadata says about a table's current snapshot.
 *
 * @param partitionCount partitions holding data
 * @param fileSizeBytes total size of its data files
 * @param recordCount total records
 */
public record TableStatistics(long partitionCount, long fileSizeBytes, long recordCount) {

  public TableStatistics {
    if (partitionCount < 0 || fileSizeBytes < 0 || recordCount < 0) {
      throw new IllegalArgumentException("Invalid table statistics: partitions %d, bytes %d, records %d must not be negative"
          .formatted(partitionCount, fileSizeBytes, recordCount));
    }
  }

  /** The mean size of one partition; 0 for an empty table. */
  public long averagePartitionBytes() {
    return partitionCount == 0 ? 0 : fileSizeBytes / partitionCount;
  }
}
