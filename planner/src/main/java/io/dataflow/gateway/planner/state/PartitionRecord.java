package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Optional;

/**
 * Everything tracked about one partition.
 *
 * @param ref the partition
 * @param state where it stands
 * @param version the version of its current contents; empty if it has never been written
 * @param provenance what its current contents were computed from; empty for external inputs and
 *     partitions never computed (or deliberately forgotten, to force a recompute)
 */
public record PartitionRecord(
    PartitionRef ref, PartitionState state, Optional<PartitionVersion> version, Optional<Provenance> provenance) {

  public PartitionRecord {
    requireNonNull(ref, "ref is null");
    requireNonNull(state, "state is null");
    requireNonNull(version, "version is null");
    requireNonNull(provenance, "provenance is null");
  }

  /** A partition seen for the first time, not yet computed. */
  public static PartitionRecord newStale(PartitionRef ref) {
    return new PartitionRecord(ref, PartitionState.stale(), Optional.empty(), Optional.empty());
  }

  public PartitionState.Kind kind() {
    return state.kind();
  }

  public PartitionRecord withState(PartitionState newState) {
    return new PartitionRecord(ref, newState, version, provenance);
  }

  public PartitionRecord withVersion(PartitionVersion newVersion) {
    return new PartitionRecord(ref, state, Optional.of(newVersion), provenance);
  }

  public PartitionRecord withProvenance(Optional<Provenance> newProvenance) {
    return new PartitionRecord(ref, state, version, newProvenance);
  }
}
