package io.dataflow.gateway.planner.cost;

import io.dataflow.gateway.planner.model.DatasetId;
import java.util.Map;
import java.util.Optional;

/** Table statistics, as the server reads them from Iceberg metadata. */
@FunctionalInterface
public interface StatisticsSource {

  /** The statistics of {@code dataset}, empty when unknown. */
  Optional<TableStatistics> statisticsOf(DatasetId dataset);

  /** Knows nothing: the cost model then keeps one task per partition. */
  static StatisticsSource none() {
    return dataset -> Optional.empty();
  }

  /** Fixed statistics, for tests and simulations. */
  static StatisticsSource of(Map<DatasetId, TableStatistics> statistics) {
    Map<DatasetId, TableStatistics> copy = Map.copyOf(statistics);
    return dataset -> Optional.ofNullable(copy.get(dataset));
  }
}
