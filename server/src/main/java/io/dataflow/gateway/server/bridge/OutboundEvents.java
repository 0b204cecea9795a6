package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.importer.bridge.EventQuery;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataflow to Airflow: every commit of a dataflow run to a table that a not-migrated Airflow DAG is
 * scheduled on (its schedule is dataset/asset-triggered with the table's URI among the datasets it
 * consumes) becomes one Airflow event on that URI, with an extra naming the partitions, the snapshot
 * and the run.
 *
 * <p>The commits are read from the catalog's recorded snapshot events with a durable cursor, and each
 * event to post is first written to {@code airflow_outbox} (one row per snapshot event and URI, so a
 * commit read twice is posted once); the cursor moves only after the rows are written. Rows are posted
 * oldest first and retried with a doubling delay, without end, while Airflow refuses or cannot be
 * reached, so an outage or a crash loses nothing.
 *
 * <p>Airflow's event creation is not idempotent: an attempt whose answer was lost (a crash, a timeout,
 * a 5xx after Airflow wrote the event) may have created the event. So the attempt is recorded before the
 * event is posted, the extra carries the outbox row's id ({@value #OUTBOX_ID}), and before posting again
 * after an attempt the bridge looks for an event with that id among Airflow's events of the URI since
 * that attempt; only if there is none is it posted again. That makes delivery at-least-once with the
 * duplicates removed: an event is posted twice only if Airflow accepted it and then did not list it.
 * At-most-once (giving up after an unclear attempt) would leave the DAG unscheduled, which is the worse
 * failure for a pipeline: a second run of a downstream DAG only repeats idempotent work.
 */
final class OutboundEvents {

  private static final Logger LOG = LoggerFactory.getLogger(OutboundEvents.class);

  /** The extra key that marks the gateway's own events, which the bridge does not read back. */
  static final String MARKER = "dataflow_gateway";
  /** The extra key with the outbox row, which finds an event that an unclear attempt created. */
  static final String OUTBOX_ID = "gateway_outbox_id";
  /** The durable cursor of the commits read, in the catalog's {@code event_cursors}. */
  static final String CURSOR = "airflow-bridge";
  private static final int PAGE = 200;
  private static final int BATCH = 50;

  private final AirflowBridge airflow;
  private final DataflowRuntime dataflow;
  private final SnapshotEventStore snapshots;
  private final BridgeStore store;
  private final DatasetUris uris;
  private final Supplier<List<LegacyDag>> notMigrated;
  private final BridgeConfig config;
  private final Clock clock;

  /** @param notMigrated the imported DAGs that still run in Airflow */
  OutboundEvents(AirflowBridge airflow, DataflowRuntime dataflow, SnapshotEventStore snapshots, BridgeStore store, DatasetUris uris,
      Supplier<List<LegacyDag>> notMigrated, BridgeConfig config, Clock clock) {
    this.airflow = requireNonNull(airflow, "airflow is null");
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.snapshots = requireNonNull(snapshots, "snapshots is null");
    this.store = requireNonNull(store, "store is null");
    this.uris = requireNonNull(uris, "uris is null");
    this.notMigrated = requireNonNull(notMigrated, "notMigrated is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Writes an outbox row for every dataflow commit recorded since the last call on a table that a
   * not-migrated DAG is scheduled on. The first call of a database starts at the newest commit.
   *
   * @return how many rows were written
   */
  int collect() {
    long cursor = snapshots.cursor(CURSOR);
    if (cursor == 0) {
      List<RecordedEvent> newest = snapshots.newestFirst(Optional.empty(), Optional.empty(), 1);
      if (!newest.isEmpty()) {
        snapshots.advance(CURSOR, newest.getFirst().eventId());
        LOG.info("Airflow bridge: posting events for dataflow commits recorded after snapshot event {}", newest.getFirst().eventId());
        return 0;
      }
    }
    int written = 0;
    Map<DatasetId, List<String>> subscribed = null;
    while (true) {
      List<RecordedEvent> page = snapshots.after(cursor, PAGE);
      for (RecordedEvent recorded : page) {
        Optional<SnapshotChange> change = dataflow.changeOf(recorded).filter(c -> c.ownCommit() && c.changesData());
        if (change.isPresent()) {
          if (subscribed == null) {
            subscribed = subscribedUris();
          }
          for (String uri : subscribed.getOrDefault(change.get().dataset(), List.of())) {
            enqueue(recorded, change.get(), uri);
            written++;
          }
        }
        cursor = recorded.eventId();
      }
      if (!page.isEmpty()) {
        snapshots.advance(CURSOR, cursor);
      }
      if (page.size() < PAGE) {
        return written;
      }
    }
  }

  private void enqueue(RecordedEvent recorded, SnapshotChange change, String uri) {
    Optional<String> run = dataflow.committingRun(recorded);
    List<String> partitions = change.changedPartitions().stream().map(PartitionKey::value).toList();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(EventPartitions.KEY, partitions);
    extra.put("snapshot_id", change.snapshotId());
    run.ifPresent(r -> extra.put("gateway_run_id", r));
    extra.put("dataset", change.dataset().name());
    extra.put(MARKER, true);
    store.enqueue(recorded.eventId(), uri, change.dataset(), change.snapshotId(), run, partitions, extra, clock.instant());
    LOG.info("Airflow bridge: snapshot {} of {} (run {}) to be posted to Airflow as an event on {} for {}", change.snapshotId(),
        change.dataset(), run.orElse("unknown"), uri, partitions);
  }

  /** The URIs that schedule not-migrated DAGs, by the table each names. */
  private Map<DatasetId, List<String>> subscribedUris() {
    Map<DatasetId, java.util.SortedSet<String>> byDataset = new TreeMap<>();
    for (LegacyDag dag : notMigrated.get()) {
      if (!(dag.schedule() instanceof Schedule.DatasetTriggered)) {
        continue;
      }
      for (String uri : dag.consumedDatasets()) {
        if (uris.map(uri) instanceof DatasetUris.Mapping.Mapped mapped) {
          byDataset.computeIfAbsent(mapped.dataset(), d -> new TreeSet<>()).add(uri);
        }
      }
    }
    Map<DatasetId, List<String>> out = new TreeMap<>();
    byDataset.forEach((d, u) -> out.put(d, List.copyOf(u)));
    return out;
  }

  /**
   * Posts the rows that are due, oldest first.
   *
   * @return how many Airflow accepted
   */
  int deliver() {
    int sent = 0;
    for (BridgeStore.Outgoing outgoing : store.due(clock.instant(), BATCH)) {
      if (deliver(outgoing)) {
        sent++;
      }
    }
    return sent;
  }

  private boolean deliver(BridgeStore.Outgoing outgoing) {
    Instant now = clock.instant();
    try {
      if (outgoing.lastAttemptAt().isPresent()) {
        Optional<DatasetEvent> created = alreadyCreated(outgoing);
        if (created.isPresent()) {
          store.sent(outgoing.id(), now, created.get().timestamp());
          LOG.info("Airflow bridge: the event on {} for snapshot {} had reached Airflow at {}", outgoing.uri(), outgoing.snapshotId(),
              created.get().timestamp());
          return true;
        }
      }
      store.attempting(outgoing.id(), now, now.plus(config.backoff(outgoing.attempts() + 1)));
      Map<String, Object> extra = new LinkedHashMap<>(outgoing.extra());
      extra.put(OUTBOX_ID, outgoing.id());
      DatasetEvent created = airflow.createEvent(outgoing.uri(), extra);
      store.sent(outgoing.id(), clock.instant(), created.timestamp());
      LOG.info("Airflow bridge: posted an event on {} for snapshot {} of {} ({})", outgoing.uri(), outgoing.snapshotId(),
          outgoing.dataset(), outgoing.partitions());
      return true;
    } catch (RuntimeException e) {
      store.failed(outgoing.id(), String.valueOf(e.getMessage()));
      LOG.warn("Airflow bridge: posting the event on {} for snapshot {} failed (attempt {}), retried later: {}", outgoing.uri(),
          outgoing.snapshotId(), outgoing.attempts() + 1, e.getMessage());
      return false;
    }
  }

  /** The event an earlier attempt created, found by the outbox id in its extra. */
  private Optional<DatasetEvent> alreadyCreated(BridgeStore.Outgoing outgoing) {
    Instant since = outgoing.lastAttemptAt().orElseThrow().minus(InboundEvents.OVERLAP);
    String id = String.valueOf(outgoing.id());
    return airflow.events(new EventQuery(Optional.of(outgoing.uri()), Optional.empty(), Optional.of(since))).stream()
        .filter(e -> id.equals(e.extra().get(OUTBOX_ID)))
        .findFirst();
  }
}
