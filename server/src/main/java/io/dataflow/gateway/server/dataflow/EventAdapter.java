package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.PartitionFieldValue;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEvent;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The catalog's snapshot event as the planner's change: the changed partitions as the dataset's
 * partition keys, of its granularity (a commit that touches {@code month = 2024-01-01} of a table
 * partitioned by month changes partition {@code 2024-01}). A changed partition that does not carry a
 * date of the dataset's partition column (a table whose partitioning evolved, a null partition
 * value) is read as a change of every known partition: wider, never narrower.
 */
final class EventAdapter {

  private EventAdapter() {}

  /**
   * The partitions of {@code granularity} that the changed partition value {@code value} stands for:
   * the one that contains it when it is as fine or finer (a date of a month table is that date's
   * month, whose first day it holds), all those within it when it is coarser (Iceberg's {@code
   * month} transform of a day table); empty when it is not a time value of this column.
   */
  static Optional<NavigableSet<PartitionKey>> keys(PartitionFieldValue value, Granularity granularity) {
    Optional<Granularity> unit = switch (value.transform()) {
      case "identity", "day" -> Optional.of(Granularity.DAY);
      case "month" -> Optional.of(Granularity.MONTH);
      case "year" -> Optional.of(Granularity.YEAR);
      default -> Optional.empty();
    };
    Optional<LocalDate> start = value.value().flatMap(v -> switch (v) {
      case LocalDate d -> Optional.of(d);
      case YearMonth m -> Optional.of(m.atDay(1));
      case Year y -> Optional.of(y.atDay(1));
      default -> Optional.<LocalDate>empty();
    });
    if (unit.isEmpty() || start.isEmpty()) {
      return Optional.empty();
    }
    PartitionKey.Period changed = (PartitionKey.Period) PartitionKey.containing(unit.get(), start.get().atStartOfDay());
    NavigableSet<PartitionKey> keys = new TreeSet<>();
    if (unit.get().isCoarserThan(granularity)) {
      keys.addAll(changed.split(granularity));
    } else if (unit.get() == granularity || granularity.isCoarserThan(unit.get())) {
      keys.add(changed.truncateTo(granularity));
    } else {
      // a month changed in a table read by weeks: every week that overlaps it
      for (LocalDateTime t = granularity.truncate(changed.start()); t.isBefore(changed.end()); t = granularity.plus(t, 1)) {
        keys.add(PartitionKey.of(granularity, t));
      }
    }
    return Optional.of(keys);
  }

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
      Granularity granularity = dataset.get().partitioning().granularity().orElseThrow();
      for (ChangedPartition changed : event.changedPartitions()) {
        Optional<NavigableSet<PartitionKey>> read = changed.values().stream()
            .filter(v -> v.sourceColumn().equalsIgnoreCase(column.get()))
            .map(v -> keys(v, granularity))
            .flatMap(Optional::stream)
            .findFirst();
        if (read.isPresent()) {
          keys.addAll(read.get());
        } else {
          keys.addAll(known.apply(id));
        }
      }
    }
    return Optional.of(new SnapshotChange(eventId(recorded), id, keys, event.snapshotId(), event.changesData(), ownCommit));
  }
}
