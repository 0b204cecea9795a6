package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.catalog.events.EventOrigin;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventBus;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.catalog.events.SnapshotOperation;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The snapshot event bus on the gateway's PostgreSQL outbox: every subscriber receives every event in
 * outbox order, at least once, from its own cursor; none waits on another; after a restart each
 * resumes where its cursor stopped.
 */
class SnapshotEventBusIT {

  private static final UUID TABLE = UUID.randomUUID();
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private static PGSimpleDataSource dataSource;
  private SnapshotEventStore store;
  private long nextSnapshot = 1;

  @BeforeAll
  static void createDatabase() throws SQLException {
    SharedGateway gateway = SharedGateway.get();
    try (Connection postgres = gateway.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS event_bus_it");
      sql.execute("CREATE DATABASE event_bus_it");
    }
    String url = gateway.databaseUrl();
    url = url.substring(0, url.lastIndexOf('/') + 1) + "event_bus_it";
    Migrations.migrate(new Database(url, "postgres", "", false));
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser("postgres");
  }

  @BeforeEach
  void emptyOutbox() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("TRUNCATE snapshot_events, event_cursors RESTART IDENTITY");
    }
    store = new SnapshotEventStore(dataSource);
  }

  /** Records {@code count} appends to one table, as the catalog does after commits, and returns their snapshot ids. */
  private List<Long> commit(int count) {
    List<SnapshotEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      long snapshot = nextSnapshot++;
      events.add(new SnapshotEvent("raw.transactions", TABLE, snapshot, Optional.empty(), snapshot, SnapshotOperation.APPEND,
          Instant.now(), List.of(), 1, 0, 1, 0, 0, 0, Map.of()));
    }
    store.recordAll(events, EventOrigin.COMMIT);
    return events.stream().map(SnapshotEvent::snapshotId).toList();
  }

  private static List<Long> snapshots(List<RecordedEvent> events) {
    return events.stream().map(e -> e.event().snapshotId()).toList();
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aSubscriberStuckOnAnEventHoldsUpNoOtherSubscriber() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<RecordedEvent> slow = new CopyOnWriteArrayList<>();
    List<RecordedEvent> dataflow = new CopyOnWriteArrayList<>();
    try (SnapshotEventBus bus = new SnapshotEventBus(store)) {
      bus.subscribe("comparison", event -> {
        release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        slow.add(event);
      });
      bus.subscribe("dataflow", dataflow::add);
      bus.start();

      List<Long> committed = commit(3);
      bus.wakeUp();

      await("the dataflow receives every event", () -> dataflow.size() == 3);
      assertThat(snapshots(dataflow)).containsExactlyElementsOf(committed);
      assertThat(slow).as("the slow subscriber is still on its first event").isEmpty();

      release.countDown();
      await("the slow subscriber catches up", () -> slow.size() == 3);
      assertThat(snapshots(slow)).containsExactlyElementsOf(committed);
    }
  }

  @Test
  void aFailingSubscriberIsRetriedInOrderAndHoldsBackOnlyItsOwnEvents() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    List<RecordedEvent> flaky = new CopyOnWriteArrayList<>();
    List<RecordedEvent> dataflow = new CopyOnWriteArrayList<>();
    List<Long> committed;
    try (SnapshotEventBus bus = new SnapshotEventBus(store)) {
      committed = commit(3);
      bus.subscribe("flaky", event -> {
        if (event.event().snapshotId() == committed.get(1) && failures.get() < 2) {
          failures.incrementAndGet();
          throw new IllegalStateException("PostgreSQL is restarting");
        }
        flaky.add(event);
      });
      bus.subscribe("dataflow", dataflow::add);
      bus.start();

      await("the dataflow receives every event", () -> dataflow.size() == 3);
      await("the flaky subscriber receives every event after its retries", () -> flaky.size() == 3);
    }
    assertThat(failures.get()).isEqualTo(2);
    assertThat(snapshots(flaky)).containsExactlyElementsOf(committed);
    assertThat(snapshots(dataflow)).containsExactlyElementsOf(committed);
    long last = store.after(0, 10).getLast().eventId();
    assertThat(store.cursor("flaky")).isEqualTo(last);
    assertThat(store.cursor("dataflow")).isEqualTo(last);
  }

  @Test
  void afterARestartEachSubscriberResumesAtItsOwnCursorAndAnEventNotHandledIsDeliveredAgain() throws Exception {
    List<RecordedEvent> first = new CopyOnWriteArrayList<>();
    List<Long> committed = commit(3);
    try (SnapshotEventBus bus = new SnapshotEventBus(store)) {
      bus.subscribe("dataflow", first::add);
      bus.subscribe("bridge", event -> {
        if (event.event().snapshotId() == committed.get(1)) {
          throw new IllegalStateException("Airflow is unreachable");
        }
      });
      bus.start();
      await("the dataflow receives every event", () -> first.size() == 3);
      await("the bridge is stuck on the second event", () -> store.cursor("bridge") == store.after(0, 10).getFirst().eventId());
    }
    List<Long> later = commit(1);

    List<RecordedEvent> dataflow = new CopyOnWriteArrayList<>();
    List<RecordedEvent> bridge = new CopyOnWriteArrayList<>();
    List<RecordedEvent> newcomer = new CopyOnWriteArrayList<>();
    try (SnapshotEventBus bus = new SnapshotEventBus(store)) {
      bus.subscribe("dataflow", dataflow::add);
      bus.subscribe("bridge", bridge::add);
      bus.subscribe("newcomer", newcomer::add);
      bus.start();
      await("every subscriber catches up", () -> dataflow.size() == 1 && bridge.size() == 3 && newcomer.size() == 4);
      Thread.sleep(300);
    }
    assertThat(snapshots(dataflow)).as("nothing delivered before the restart is delivered again").isEqualTo(later);
    assertThat(snapshots(bridge)).containsExactly(committed.get(1), committed.get(2), later.getFirst());
    assertThat(snapshots(newcomer)).containsExactly(committed.get(0), committed.get(1), committed.get(2), later.getFirst());
  }

  /**
   * Two commits of two tables record their events at the same time. The first recording is held
   * inside its transaction (its second event waits on a row another transaction inserted and has not
   * committed) while the second recording runs: had the second one committed its event with the
   * higher id first, the subscriber would have been handed it and moved its cursor past the first
   * recording's event for good. Every event is delivered, in outbox order.
   */
  @Test
  void anEventRecordedWhileAnEarlierRecordingIsUnderWayIsDeliveredAfterItAndNothingIsSkipped() throws Exception {
    UUID orders = UUID.randomUUID();
    SnapshotEvent first = event(TABLE, 1);
    SnapshotEvent held = event(TABLE, 2);
    SnapshotEvent other = event(orders, 1);
    List<RecordedEvent> dataflow = new CopyOnWriteArrayList<>();
    try (SnapshotEventBus bus = new SnapshotEventBus(store);
        Connection blocker = dataSource.getConnection()) {
      bus.subscribe("dataflow", dataflow::add);
      bus.start();
      blocker.setAutoCommit(false);
      try (Statement sql = blocker.createStatement()) {
        sql.executeUpdate("INSERT INTO snapshot_events (table_uuid, table_name, snapshot_id, sequence_number, operation,"
            + " committed_at, origin, payload) VALUES ('" + TABLE + "', 'raw.transactions', 2, 2, 'append', now(), 'COMMIT', '{}')");
      }
      var executor = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var firstRecording = executor.submit(() -> store.recordAll(List.of(first, held), EventOrigin.COMMIT));
        await("the first recording waits inside its transaction", () -> waitingOnALock());
        var secondRecording = executor.submit(() -> store.recordAll(List.of(other), EventOrigin.COMMIT));
        try {
          secondRecording.get(1, TimeUnit.SECONDS);
          bus.wakeUp();
          await("the second table's event is delivered", () -> dataflow.size() == 1);
        } catch (java.util.concurrent.TimeoutException waitsItsTurn) {
          // the second recording waits for the first to commit
        }
        blocker.rollback();
        assertThat(firstRecording.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(secondRecording.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
      } finally {
        executor.shutdownNow();
      }
      bus.wakeUp();
      await("every event is delivered", () -> dataflow.size() == 3);
      Thread.sleep(200);
    }
    assertThat(dataflow).extracting(e -> e.event().tableUuid() + "#" + e.event().snapshotId())
        .containsExactly(TABLE + "#1", TABLE + "#2", orders + "#1");
    assertThat(dataflow).extracting(RecordedEvent::eventId).isSorted();
  }

  private static SnapshotEvent event(UUID table, long snapshot) {
    return new SnapshotEvent(table.equals(TABLE) ? "raw.transactions" : "raw.orders", table, snapshot, Optional.empty(), snapshot,
        SnapshotOperation.APPEND, Instant.now(), List.of(), 1, 0, 1, 0, 0, 0, Map.of());
  }

  /** Whether some session of the test's database waits on a lock (the first recording, on the blocker's row). */
  private static boolean waitingOnALock() {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
        java.sql.ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND wait_event_type = 'Lock'")) {
      rows.next();
      return rows.getInt(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
