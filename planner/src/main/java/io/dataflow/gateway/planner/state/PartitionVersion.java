package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A version of one partition's contents: the snapshot that last wrote it and, when known, a checksum
 * of its rows.
 *
 * @param snapshotId the Iceberg snapshot that last changed the partition
 * @param checksum a content checksum (computed in Trino) for partitions the gateway produced
 */
public record PartitionVersion(long snapshotId, Optional<String> checksum) {

  public PartitionVersion {
    requireNonNull(checksum, "checksum is null");
  }

  public static PartitionVersion of(long snapshotId) {
    return new PartitionVersion(snapshotId, Optional.empty());
  }

  public static PartitionVersion of(long snapshotId, String checksum) {
    return new PartitionVersion(snapshotId, Optional.of(checksum));
  }

  /**
   * Whether both versions hold the same rows: the same snapshot, or equal checksums. This is what lets
   * a rerun that reproduced the same contents stop the cascade (early cutoff).
   */
  public boolean sameContentAs(PartitionVersion other) {
    return snapshotId == other.snapshotId || (checksum.isPresent() && checksum.equals(other.checksum));
  }
}
