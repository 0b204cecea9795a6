package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to recompute a dataset over a range of partitions, in a chosen order.
 *
 * @param id the backfill's identity, recorded as the cause of its transitions
 * @param dataset a produced dataset
 * @param from the first partition of the range
 * @param to the last partition of the range, not before {@code from}, of the same granularity
 * @param order the order in which tasks should start
 */
public record Backfill(String id, DatasetId dataset, PartitionKey from, PartitionKey to, Order order) {

  /** In which order a backfill's partitions should be computed. */
  public enum Order { OLDEST_FIRST, NEWEST_FIRST }

  public Backfill {
    requireNonNull(id, "id is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(order, "order is null");
    if (!from.granularity().equals(to.granularity())) {
      throw new IllegalArgumentException("Invalid backfill range: %s and %s are of different granularities".formatted(from, to));
    }
    if (from.compareTo(to) > 0) {
      throw new IllegalArgumentException("Invalid backfill range: from %s is after to %s".formatted(from, to));
    }
  }

  /** The partitions of the range in the requested order. */
  public List<PartitionKey> partitions() {
    List<PartitionKey> keys = new ArrayList<>();
    for (PartitionKey k = from; k.compareTo(to) <= 0; k = k.plus(1)) {
      keys.add(k);
      if (k.granularity().isEmpty()) {
        break;
      }
    }
    if (order == Order.NEWEST_FIRST) {
      java.util.Collections.reverse(keys);
    }
    return List.copyOf(keys);
  }
}
