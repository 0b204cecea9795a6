package io.dataflow.gateway.catalog.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What one committed snapshot of a table changed.
 *
 * @param table the table as {@code namespace.name}
 * @param tableUuid the table's UUID (stable across renames)
 * @param snapshotId the new snapshot
 * @param parentSnapshotId the snapshot it was based on, if any
 * @param sequenceNumber the snapshot's data sequence number; orders commits within a table
 * @param operation append, overwrite, delete or replace
 * @param committedAt when the snapshot was committed
 * @param changedPartitions every partition whose data or delete files changed, exactly
 * @param addedRecords records in added data files
 * @param removedRecords records in removed data files
 * @param addedDataFiles data files added
 * @param removedDataFiles data files removed
 * @param addedDeleteFiles delete files added
 * @param removedDeleteFiles delete files removed
 * @param summary the snapshot summary properties as committed
 */
public record SnapshotEvent(
    String table,
    UUID tableUuid,
    long snapshotId,
    Optional<Long> parentSnapshotId,
    long sequenceNumber,
    SnapshotOperation operation,
    Instant committedAt,
    List<ChangedPartition> changedPartitions,
    long addedRecords,
    long removedRecords,
    int addedDataFiles,
    int removedDataFiles,
    int addedDeleteFiles,
    int removedDeleteFiles,
    Map<String, String> summary) {

  /** Orders a table's events as they were committed. */
  public static final Comparator<SnapshotEvent> COMMIT_ORDER =
      Comparator.comparingLong(SnapshotEvent::sequenceNumber)
          .thenComparing(SnapshotEvent::committedAt);

  public SnapshotEvent {
    requireNonNull(table, "table is null");
    requireNonNull(tableUuid, "tableUuid is null");
    requireNonNull(parentSnapshotId, "parentSnapshotId is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(committedAt, "committedAt is null");
    changedPartitions = List.copyOf(requireNonNull(changedPartitions, "changedPartitions is null"));
    summary = Map.copyOf(requireNonNull(summary, "summary is null"));
  }

  /** Whether consumers should react: false for compactions, which rewrite files but not data. */
  public boolean changesData() {
    return operation.changesData();
  }
}
