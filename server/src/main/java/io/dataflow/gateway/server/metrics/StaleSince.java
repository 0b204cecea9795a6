package io.dataflow.gateway.server.metrics;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each partition a snapshot made stale, the commit time of the newest such snapshot, until a
 * task that recomputes the partition is dispatched. Keeping only the newest commit measures how long
 * the latest change waited, which is what a reader of fresh data waits for; a partition that early
 * cutoff settles without a run keeps its entry until the next dispatch for it, at most one entry per
 * partition, and a newer change replaces it.
 */
final class StaleSince {

  private final Map<PartitionRef, Instant> committedAt = new ConcurrentHashMap<>();

  void stale(Collection<PartitionRef> partitions, Instant committed) {
    partitions.forEach(p -> committedAt.merge(p, committed, (a, b) -> a.isAfter(b) ? a : b));
  }

  /**
   * Forgets the partitions of a dispatched task and says how long ago the newest change among them was
   * committed; empty when none of them was made stale by a snapshot this gateway received (a retry,
   * a backfill, a new transform, a change downstream of a run rather than of a snapshot).
   */
  Optional<Duration> dispatched(DatasetId dataset, Collection<PartitionKey> partitions, Instant at) {
    Optional<Instant> newest = Optional.empty();
    for (PartitionKey key : partitions) {
      Optional<Instant> committed = Optional.ofNullable(committedAt.remove(new PartitionRef(dataset, key)));
      if (committed.isPresent() && (newest.isEmpty() || committed.get().isAfter(newest.get()))) {
        newest = committed;
      }
    }
    return newest.map(committed -> Duration.between(committed, at));
  }
}
