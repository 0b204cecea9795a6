package io.dataflow.gateway.planner.scheduling;

import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a successful run changed.
 *
 * @param fresh output partitions now fresh
 * @param staleAgain output partitions written but already stale again (an input changed meanwhile)
 * @param unchanged output partitions whose contents did not change (equal checksum)
 * @param cutOff downstream partitions marked fresh without a rerun because of {@code unchanged}
 */
public record SuccessOutcome(
    NavigableSet<PartitionRef> fresh,
    NavigableSet<PartitionRef> staleAgain,
    NavigableSet<PartitionRef> unchanged,
    NavigableSet<PartitionRef> cutOff) {

  public SuccessOutcome {
    fresh = copy(fresh);
    staleAgain = copy(staleAgain);
    unchanged = copy(unchanged);
    cutOff = copy(cutOff);
  }

  private static NavigableSet<PartitionRef> copy(NavigableSet<PartitionRef> refs) {
    return Collections.unmodifiableNavigableSet(new TreeSet<>(refs));
  }
}
