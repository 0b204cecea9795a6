package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a change made stale.
 *
 * @param affected every downstream partition that must be recomputed, by dataset (including those
 *     that were already stale or running)
 * @param ignoredBecause why nothing was done, for events that cause no work
 */
public record Propagation(NavigableMap<DatasetId, NavigableSet<PartitionKey>> affected, Optional<String> ignoredBecause) {

  public Propagation {
    requireNonNull(ignoredBecause, "ignoredBecause is null");
    TreeMap<DatasetId, NavigableSet<PartitionKey>> copy = new TreeMap<>();
    requireNonNull(affected, "affected is null").forEach((d, keys) -> {
      if (!keys.isEmpty()) {
        copy.put(d, Collections.unmodifiableNavigableSet(new TreeSet<>(keys)));
      }
    });
    affected = Collections.unmodifiableNavigableMap(copy);
  }

  static Propagation ignored(String why) {
    return new Propagation(new TreeMap<>(), Optional.of(why));
  }

  /** The affected partitions of {@code dataset}; empty if none. */
  public NavigableSet<PartitionKey> affected(DatasetId dataset) {
    return affected.getOrDefault(dataset, Collections.emptyNavigableSet());
  }

  /** Every affected partition. */
  public NavigableSet<PartitionRef> refs() {
    NavigableSet<PartitionRef> refs = new TreeSet<>();
    affected.forEach((d, keys) -> keys.forEach(k -> refs.add(new PartitionRef(d, k))));
    return Collections.unmodifiableNavigableSet(refs);
  }
}
