package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.PartitionFieldValue;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEvent;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import java.time.LocalDate;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The catalog's snapshot event as the planner's change: the changed partitions as the dataset's
 * partition keys. A changed partition that does not carry a day of the dataset's partition column
 * (a table whose partitioning evolved, a null partition value) is read as a change of every known
 * partition: wider, never narrower.
 */
final class EventAdapter {

  private EventAdapter() {}

  static String eventId(RecordedEvent event) {
    return "event-" + event.eventId();
  }

  /**
   * @param ownCommit whether the gateway committed the snapshot
   * @param known the known partitions of a dataset
   */
  static Optional<SnapshotChange> change(
      RecordedEvent recorded, DataflowGraph graph, boolean ownCommit, Function<DatasetId, Collection<PartitionKey>> known) {
    SnapshotEvent event = recorded.event();
    DatasetId id = DatasetId.of(event.table());
    Optional<Dataset> dataset = graph.dataset(id);
    if (dataset.isEmpty()) {
      return Optional.empty();
    }
    NavigableSet<PartitionKey> keys = new TreeSet<>();
    Optional<String> column = dataset.get().partitioning().column();
    if (column.isEmpty()) {
      keys.add(PartitionKey.unpartitioned());
    } else {
      for (ChangedPartition changed : event.changedPartitions()) {
        Optional<LocalDate> day = changed.values().stream()
            .filter(v -> v.sourceColumn().equalsIgnoreCase(column.get()) && ("identity".equals(v.transform()) || "day".equals(v.transform())))
            .map(PartitionFieldValue::value)
            .flatMap(Optional::stream)
            .filter(LocalDate.class::isInstance)
            .map(LocalDate.class::cast)
            .findFirst();
        if (day.isPresent()) {
          keys.add(PartitionKey.day(day.get()));
        } else {
          keys.addAll(known.apply(id));
        }
      }
    }
    return Optional.of(new SnapshotChange(eventId(recorded), id, keys, event.snapshotId(), event.changesData(), ownCommit));
  }
}
