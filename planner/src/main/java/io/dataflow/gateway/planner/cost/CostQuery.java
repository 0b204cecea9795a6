package io.dataflow.gateway.planner.cost;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Transform;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What the cost model decides about.
 *
 * @param transform the transform to run
 * @param output its output dataset
 * @param affected the output partitions to compute now, at least one
 * @param existing every output partition tracked today (a full recompute rewrites them all)
 * @param fullRecomputeAllowed whether every existing partition could be rewritten now (none is
 *     waiting, running or blocked)
 */
public record CostQuery(
    Transform transform,
    Dataset output,
    NavigableSet<PartitionKey> affected,
    NavigableSet<PartitionKey> existing,
    boolean fullRecomputeAllowed) {

  public CostQuery {
    requireNonNull(transform, "transform is null");
    requireNonNull(output, "output is null");
    affected = Collections.unmodifiableNavigableSet(new TreeSet<>(requireNonNull(affected, "affected is null")));
    existing = Collections.unmodifiableNavigableSet(new TreeSet<>(requireNonNull(existing, "existing is null")));
    if (affected.isEmpty()) {
      throw new IllegalArgumentException("Nothing to decide for " + transform.id() + ": no affected partition");
    }
  }
}
