package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What the planner needs of one committed snapshot (the server adapts the catalog's event to it).
 *
 * @param eventId the event's identity, recorded as the cause of every transition it makes
 * @param dataset the table committed to
 * @param changedPartitions the partitions whose data changed
 * @param snapshotId the new snapshot
 * @param changesData false for replace snapshots (compaction), which rewrite files but not rows
 * @param ownCommit true when the gateway committed it (a task's output), whose downstream the run's
 *     outcome already handles
 */
public record SnapshotChange(
    String eventId,
    DatasetId dataset,
    NavigableSet<PartitionKey> changedPartitions,
    long snapshotId,
    boolean changesData,
    boolean ownCommit) {

  public SnapshotChange {
    requireNonNull(eventId, "eventId is null");
    requireNonNull(dataset, "dataset is null");
    changedPartitions = Collections.unmodifiableNavigableSet(
        new TreeSet<>(requireNonNull(changedPartitions, "changedPartitions is null")));
  }

  /** Data written to {@code dataset} by someone else than the gateway. */
  public static SnapshotChange external(String eventId, DatasetId dataset, long snapshotId, java.util.Collection<PartitionKey> changed) {
    return new SnapshotChange(eventId, dataset, new TreeSet<>(changed), snapshotId, true, false);
  }
}
