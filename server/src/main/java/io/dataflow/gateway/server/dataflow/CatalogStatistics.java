package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.catalog.GatewayCatalog;
import io.dataflow.gateway.planner.cost.StatisticsSource;
import io.dataflow.gateway.planner.cost.TableStatistics;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.server.state.JdbcStateStore;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;

/**
 * Table statistics for the cost model from Iceberg metadata: total records and file sizes from the
 * current snapshot's summary, the partition count from the partitions the dataflow tracks.
 */
final class CatalogStatistics implements StatisticsSource {

  private final GatewayCatalog catalog;
  private final TableNames names;
  private final StateStore states;

  CatalogStatistics(GatewayCatalog catalog, TableNames names, StateStore states) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.names = requireNonNull(names, "names is null");
    this.states = requireNonNull(states, "states is null");
  }

  @Override
  public Optional<TableStatistics> statisticsOf(DatasetId dataset) {
    return catalog.metadata(names.identifier(dataset))
        .flatMap(metadata -> Optional.ofNullable(metadata.currentSnapshot()))
        .map(Snapshot::summary)
        .map(summary -> new TableStatistics(
            partitionCount(dataset),
            number(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
            number(summary, SnapshotSummary.TOTAL_RECORDS_PROP)));
  }

  /**
   * The partitions the dataflow tracks of {@code dataset}: counted by PostgreSQL where the states are
   * kept there, instead of reading and decoding every record (the cost model asks at every plan).
   */
  private long partitionCount(DatasetId dataset) {
    return states instanceof JdbcStateStore jdbc ? jdbc.count(dataset) : states.partitions(dataset).size();
  }

  private static long number(Map<String, String> summary, String key) {
    try {
      return Math.max(0, Long.parseLong(summary.getOrDefault(key, "0")));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
