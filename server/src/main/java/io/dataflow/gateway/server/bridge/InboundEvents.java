package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.importer.AirflowException;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.importer.bridge.EventQuery;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow to dataflow: reads Airflow's dataset/asset events and turns each one on a table the
 * dataflow reads into dataflow work for the partitions it names ({@link EventPartitions}).
 *
 * <p>The work is that of a change of those input partitions: every partition of the dataflow
 * computed from them is recomputed (as a backfill of the consumers' outputs, named after the event,
 * so that it can be followed at {@code GET /api/v1/backfills/{id}}), and what is computed from those
 * in turn follows if their contents change (early cutoff). A change that reached the gateway's
 * catalog as a commit needs no second run: an input partition is <em>covered</em> when the catalog
 * recorded a commit that changed it after the previous Airflow event on the same table (and at most
 * {@code bridge.commitLookback} before this one) — that commit has made the dataflow recompute
 * everything that reads it, from data at least as new as the event announces. Only the partitions
 * not covered start work; an event whose partitions are all covered is recorded as such.
 *
 * <p>Events are read by Airflow's timestamp, with an overlap, and recognised by a digest of their
 * fields (Airflow 2 gives an event no id); each one is recorded in {@code airflow_received_events} with
 * what became of it after its work started, and the backfills it starts are named after the digest,
 * so that an event handled again after a crash starts nothing twice.
 */
final class InboundEvents {

  private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);
  /** Events are read again this far back: Airflow may commit an event a little after its timestamp. */
  static final Duration OVERLAP = Duration.ofMinutes(1);
  private static final int PAGE = 200;

  private final AirflowBridge airflow;
  private final DataflowRuntime dataflow;
  private final SnapshotEventStore snapshots;
  private final BridgeStore store;
  private final DatasetUris uris;
  private final Duration commitLookback;
  private final Clock clock;
  private final Set<String> refusedUris = ConcurrentHashMap.newKeySet();

  InboundEvents(AirflowBridge airflow, DataflowRuntime dataflow, SnapshotEventStore snapshots, BridgeStore store, DatasetUris uris,
      Duration commitLookback, Clock clock) {
    this.airflow = requireNonNull(airflow, "airflow is null");
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.snapshots = requireNonNull(snapshots, "snapshots is null");
    this.store = requireNonNull(store, "store is null");
    this.uris = requireNonNull(uris, "uris is null");
    this.commitLookback = requireNonNull(commitLookback, "commitLookback is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Reads the events recorded since the last poll and handles the new ones, oldest first. The first
   * poll of a database only notes the time: events from before the bridge was enabled are not read.
   *
   * @return how many events were handled
   */
  int poll() {
    Optional<Instant> cursor = store.eventsCursor();
    if (cursor.isEmpty()) {
      Instant now = clock.instant();
      store.advanceEventsCursor(now);
      LOG.info("Airflow bridge: reading Airflow's dataset events recorded from {} on", now);
      return 0;
    }
    List<DatasetEvent> events = airflow.events(new EventQuery(Optional.empty(), Optional.empty(), Optional.of(cursor.get().minus(OVERLAP))));
    int handled = 0;
    Instant newest = cursor.get();
    for (DatasetEvent event : events) {
      String digest = digest(event);
      if (!store.received(digest)) {
        store.record(handle(event, digest));
        handled++;
      }
      if (event.timestamp().isAfter(newest)) {
        newest = event.timestamp();
      }
    }
    store.advanceEventsCursor(newest);
    return handled;
  }

  private BridgeStore.Received handle(DatasetEvent event, String digest) {
    if (event.extra().containsKey(OutboundEvents.MARKER)) {
      return received(event, digest, Optional.empty(), Optional.empty(), BridgeStore.Outcome.IGNORED, "posted by the gateway", List.of());
    }
    DatasetId dataset;
    switch (uris.map(event.uri())) {
      case DatasetUris.Mapping.Refused refused -> {
        if (refusedUris.add(event.uri())) {
          LOG.info("Airflow bridge: events on {} are not bridged: {}", event.uri(), refused.reason());
        }
        return received(event, digest, Optional.empty(), Optional.empty(), BridgeStore.Outcome.IGNORED, refused.reason(), List.of());
      }
      case DatasetUris.Mapping.Mapped mapped -> dataset = mapped.dataset();
    }
    DataflowGraph graph = dataflow.graph();
    Optional<Dataset> known = graph.dataset(dataset);
    if (known.isEmpty() || graph.consumersOf(dataset).isEmpty()) {
      return received(event, digest, Optional.of(dataset), Optional.empty(), BridgeStore.Outcome.IGNORED,
          "the dataflow reads no table " + dataset, List.of());
    }
    EventPartitions.Derived derived = EventPartitions.derive(event, known.get().partitioning(), this::logicalDate);
    NavigableSet<PartitionKey> named = derived.keys().orElseGet(() -> new TreeSet<>(dataflow.partitions(dataset).navigableKeySet()));
    Map<PartitionKey, Long> covered = coveredByCommits(dataset, named, event.timestamp());
    NavigableSet<PartitionKey> uncovered = new TreeSet<>(named);
    uncovered.removeAll(covered.keySet());
    String detail = "partitions from " + derived.detail()
        + (covered.isEmpty() ? "" : "; arrived as commits of the gateway's catalog: " + describe(covered));
    Optional<DatasetId> mapped = Optional.of(dataset);
    if (uncovered.isEmpty()) {
      LOG.info("Airflow bridge: event on {} ({}) for {} of {}: nothing to start, {}", event.uri(), event.timestamp(), values(named),
          dataset, detail);
      return received(event, digest, mapped, Optional.of(derived), BridgeStore.Outcome.COVERED, detail, List.of())
          .withPartitions(named);
    }
    List<String> backfills = recompute(graph, dataset, uncovered, digest);
    LOG.info("Airflow bridge: event on {} ({}) for {} of {} ({}): recomputing what reads {} in backfill(s) {}", event.uri(),
        event.timestamp(), values(named), dataset, detail, values(uncovered), backfills);
    return received(event, digest, mapped, Optional.of(derived), BridgeStore.Outcome.STARTED, detail, backfills).withPartitions(named);
  }

  /**
   * The partitions of {@code named} that a commit recorded by the catalog changed after the previous
   * Airflow event on {@code dataset} and at most {@code commitLookback} before {@code at}, each with
   * the latest such snapshot.
   */
  private Map<PartitionKey, Long> coveredByCommits(DatasetId dataset, NavigableSet<PartitionKey> named, Instant at) {
    Instant from = at.minus(commitLookback);
    Optional<Instant> previous = store.previousEvent(dataset, at);
    if (previous.isPresent() && previous.get().isAfter(from)) {
      from = previous.get();
    }
    Map<PartitionKey, Long> covered = new TreeMap<>();
    Optional<Long> before = Optional.empty();
    while (true) {
      List<RecordedEvent> page = snapshots.newestFirst(Optional.of(dataset.name()), before, PAGE);
      for (RecordedEvent recorded : page) {
        if (!recorded.event().committedAt().isAfter(from)) {
          return covered;
        }
        Optional<SnapshotChange> change = dataflow.changeOf(recorded).filter(SnapshotChange::changesData);
        change.ifPresent(c -> c.changedPartitions().stream().filter(named::contains)
            .forEach(k -> covered.putIfAbsent(k, c.snapshotId())));
      }
      if (page.size() < PAGE) {
        return covered;
      }
      before = Optional.of(page.getLast().eventId());
    }
  }

  /**
   * Recomputes every partition the consumers of {@code dataset} compute from {@code changed}, one
   * backfill per contiguous range of each output, named after the event.
   */
  private List<String> recompute(DataflowGraph graph, DatasetId dataset, NavigableSet<PartitionKey> changed, String digest) {
    List<String> started = new ArrayList<>();
    int n = 0;
    for (Transform consumer : graph.consumersOf(dataset)) {
      Dataset output = graph.requireDataset(consumer.output());
      PartitionDependency dependency = consumer.input(dataset).orElseThrow().dependency();
      NavigableSet<PartitionKey> existing = new TreeSet<>(dataflow.partitions(output.id()).navigableKeySet());
      if (!output.partitioning().isPartitioned()) {
        existing.add(PartitionKey.unpartitioned());
      }
      NavigableSet<PartitionKey> targets = new TreeSet<>();
      for (PartitionKey key : changed) {
        NavigableSet<PartitionKey> candidates = new TreeSet<>(existing);
        candidates.addAll(dependency.createdBy(key).resolve(List.of()));
        targets.addAll(dependency.affectedBy(key).resolve(candidates));
      }
      for (List<PartitionKey> range : ranges(targets)) {
        String id = "airflow-" + digest.substring(0, 16) + "-" + (++n);
        if (dataflow.backfill(id).isPresent()) {
          started.add(id);
          continue;
        }
        try {
          dataflow.backfill(new Backfill(id, output.id(), range.getFirst(), range.getLast(), Backfill.Order.OLDEST_FIRST));
          started.add(id);
        } catch (IllegalArgumentException e) {
          LOG.warn("Airflow bridge: cannot recompute {} {}..{}: {}", output.id(), range.getFirst(), range.getLast(), e.getMessage());
        }
      }
    }
    return started;
  }

  /** Contiguous runs of {@code keys}, in order. */
  static List<List<PartitionKey>> ranges(NavigableSet<PartitionKey> keys) {
    List<List<PartitionKey>> ranges = new ArrayList<>();
    List<PartitionKey> current = new ArrayList<>();
    for (PartitionKey key : keys) {
      if (!current.isEmpty() && (key.granularity().isEmpty() || !current.getLast().plus(1).equals(key))) {
        ranges.add(current);
        current = new ArrayList<>();
      }
      current.add(key);
    }
    if (!current.isEmpty()) {
      ranges.add(current);
    }
    return ranges;
  }

  private Optional<Instant> logicalDate(DatasetEvent event) {
    try {
      return airflow.run(event.sourceDagId().orElseThrow(), event.sourceRunId().orElseThrow()).logicalDate();
    } catch (AirflowException e) {
      LOG.warn("Airflow bridge: cannot read run {} of DAG {} for its logical date: {}", event.sourceRunId().orElseThrow(),
          event.sourceDagId().orElseThrow(), e.getMessage());
      return Optional.empty();
    }
  }

  private static BridgeStore.Received received(DatasetEvent event, String digest, Optional<DatasetId> dataset,
      Optional<EventPartitions.Derived> derived, BridgeStore.Outcome outcome, String detail, List<String> backfills) {
    return new BridgeStore.Received(digest, event.uri(), event.timestamp(), event.sourceDagId(), event.sourceTaskId(),
        event.sourceRunId(), event.extra(), dataset, Optional.empty(), derived.map(EventPartitions.Derived::source), outcome, detail,
        backfills);
  }

  private static String describe(Map<PartitionKey, Long> covered) {
    StringBuilder out = new StringBuilder();
    covered.forEach((k, s) -> out.append(out.isEmpty() ? "" : ", ").append(k.value()).append(" in snapshot ").append(s));
    return out.toString();
  }

  private static List<String> values(java.util.Collection<PartitionKey> keys) {
    return keys.stream().map(PartitionKey::value).toList();
  }

  /** An event's identity: every field Airflow gives it. */
  static String digest(DatasetEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(event.uri()).append('\0').append(event.timestamp()).append('\0')
        .append(event.sourceDagId().orElse("")).append('\0').append(event.sourceTaskId().orElse("")).append('\0')
        .append(event.sourceRunId().orElse(""));
    event.extra().forEach((k, v) -> text.append('\0').append(k).append('=').append(v));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
