package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.Backfill;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** Starts backfills and refreshes (a refresh is a backfill with a generated id) and reports on them. */
final class BackfillCommands {

  private final DataflowView dataflow;
  private final DatasetQueries datasets;
  private final Clock clock;

  BackfillCommands(DataflowView dataflow, DatasetQueries datasets, Clock clock) {
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  BackfillJson.Status start(BackfillJson.Request request) {
    Dataset dataset = produced(request.dataset(), "dataset");
    PartitionKey from = bound(dataset, "from", request.from());
    PartitionKey to = bound(dataset, "to", request.to());
    return start(dataset, from, to, request.order().map(BackfillJson::order).orElse(Backfill.Order.OLDEST_FIRST), "bf");
  }

  BackfillJson.Refreshed refresh(String datasetId, BackfillJson.Refresh request) {
    Dataset dataset = produced(datasetId, "id");
    Backfill.Order order = request.order().map(BackfillJson::order).orElse(Backfill.Order.OLDEST_FIRST);
    List<Range> ranges = new ArrayList<>();
    if (request.partitions().isPresent()) {
      TreeSet<PartitionKey> keys = new TreeSet<>();
      for (int i = 0; i < request.partitions().get().size(); i++) {
        keys.add(PartitionKeys.parse(dataset.partitioning(), "partitions[" + i + "]", request.partitions().get().get(i)));
      }
      ranges.addAll(contiguous(keys));
    } else if (request.from().isPresent()) {
      ranges.add(new Range(bound(dataset, "from", request.from()), bound(dataset, "to", request.to())));
    } else if (!dataset.partitioning().isPartitioned()) {
      ranges.add(new Range(PartitionKey.unpartitioned(), PartitionKey.unpartitioned()));
    } else {
      throw ApiException.invalid("partitions", dataset.id() + " is partitioned by " + dataset.partitioning()
          + ": name the partitions to refresh, or a range with from and to");
    }
    List<BackfillJson.Status> started = new ArrayList<>();
    for (Range range : ranges) {
      started.add(start(dataset, range.from(), range.to(), order, "refresh"));
    }
    return new BackfillJson.Refreshed(dataset.id().name(), started);
  }

  BackfillJson.Status status(String id) {
    return dataflow.backfill(id)
        .map(status -> BackfillJson.Status.of(status, clock.instant()))
        .orElseThrow(() -> ApiException.notFound("backfill", id));
  }

  private BackfillJson.Status start(Dataset dataset, PartitionKey from, PartitionKey to, Backfill.Order order, String prefix) {
    if (from.compareTo(to) > 0) {
      throw ApiException.invalid("to", "to " + to.value() + " is before from " + from.value());
    }
    Backfill backfill = new Backfill(prefix + "_" + UUID.randomUUID().toString().replace("-", ""), dataset.id(), from, to, order);
    try {
      dataflow.backfill(backfill);
    } catch (IllegalArgumentException e) {
      // the dataflow changed since the checks above (the dataset was removed or repartitioned)
      throw ApiException.conflict("The backfill of " + dataset.id() + " could not start: " + e.getMessage());
    }
    return status(backfill.id());
  }

  private Dataset produced(String id, String field) {
    Dataset dataset = datasets.require(id);
    if (dataset.isExternal()) {
      throw ApiException.invalid(field, dataset.id() + " is an external dataset, written outside the dataflow:"
          + " only datasets a transform produces can be recomputed");
    }
    return dataset;
  }

  private static PartitionKey bound(Dataset dataset, String field, Optional<String> value) {
    if (value.isEmpty() && dataset.partitioning().isPartitioned()) {
      throw ApiException.invalid(field, field + " is required: " + dataset.id() + " is partitioned by " + dataset.partitioning());
    }
    return PartitionKeys.parse(dataset.partitioning(), field, value.orElse(""));
  }

  /** A contiguous range of partitions, both ends included. */
  private record Range(PartitionKey from, PartitionKey to) {}

  /** The keys as maximal runs of neighbours: {01, 02, 03, 07} becomes [01..03], [07..07]. */
  private static List<Range> contiguous(TreeSet<PartitionKey> keys) {
    List<Range> ranges = new ArrayList<>();
    PartitionKey start = null;
    PartitionKey end = null;
    for (PartitionKey key : keys) {
      if (start != null && key.granularity().isPresent() && end.plus(1).equals(key)) {
        end = key;
        continue;
      }
      if (start != null) {
        ranges.add(new Range(start, end));
      }
      start = key;
      end = key;
    }
    if (start != null) {
      ranges.add(new Range(start, end));
    }
    return ranges;
  }
}
