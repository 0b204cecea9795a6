package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Optional;

/**
 * One change of one partition, with its cause. A store applies it only if the partition is still as
 * {@code before} says, so that two planners never overwrite each other's decisions unseen.
 *
 * @param before the record expected now; empty for a partition not tracked yet
 * @param after the record afterwards
 * @param cause why
 */
public record Transition(Optional<PartitionRecord> before, PartitionRecord after, Cause cause) {

  public Transition {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
    requireNonNull(cause, "cause is null");
    before.ifPresent(b -> {
      if (!b.ref().equals(after.ref())) {
        throw new IllegalArgumentException(
            "Invalid transition: it starts at %s but ends at %s".formatted(b.ref(), after.ref()));
      }
    });
  }

  public static Transition of(PartitionRecord before, PartitionRecord after, Cause cause) {
    return new Transition(Optional.of(before), after, cause);
  }

  public static Transition create(PartitionRecord after, Cause cause) {
    return new Transition(Optional.empty(), after, cause);
  }

  public PartitionRef ref() {
    return after.ref();
  }

  @Override
  public String toString() {
    return "%s: %s -> %s (%s)".formatted(ref(), before.map(b -> b.kind().name()).orElse("new"), after.kind(), cause);
  }
}
