package io.dataflow.gateway.planner.cost;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.state.Task;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What the cost model chose: a strategy, the partition groups (one task each) and why.
 *
 * @param strategy the strategy
 * @param groups the output partitions of each task, none empty
 * @param reason why, with the estimates compared
 */
public record ExecutionChoice(Task.Strategy strategy, List<NavigableSet<PartitionKey>> groups, String reason) {

  public ExecutionChoice {
    requireNonNull(strategy, "strategy is null");
    requireNonNull(reason, "reason is null");
    groups = requireNonNull(groups, "groups is null").stream()
        .map(g -> Collections.unmodifiableNavigableSet(new TreeSet<>(g)))
        .toList();
    if (groups.isEmpty() || groups.stream().anyMatch(NavigableSet::isEmpty)) {
      throw new IllegalArgumentException("Invalid execution choice: groups %s must be present and non-empty".formatted(groups));
    }
  }
}
