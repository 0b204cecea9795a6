package io.dataflow.gateway.planner.state;

import io.dataflow.gateway.planner.model.PartitionRef;

/** A batch of transitions was refused because a partition was no longer as the batch expected. */
public final class ConflictingTransitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PartitionRef partition;

  public ConflictingTransitionException(PartitionRef partition, String detail) {
    super("Transition refused for %s: %s; no transition of the batch was applied".formatted(partition, detail));
    this.partition = partition;
  }

  public PartitionRef partition() {
    return partition;
  }
}
