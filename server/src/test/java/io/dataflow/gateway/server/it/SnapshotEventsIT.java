package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotOperation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trino writes Iceberg tables through the gateway's catalog, and every commit comes back as an
 * event naming exactly the partitions it changed.
 */
class SnapshotEventsIT {

  private static SharedGateway gateway;

  @BeforeAll
  static void start() throws SQLException {
    gateway = SharedGateway.get();
    gateway.trinoExecute("CREATE SCHEMA IF NOT EXISTS iceberg.events_it");
  }

  @Test
  void insertDeleteRewriteAndCompactionAreRecordedExactly() throws Exception {
    String table = "iceberg.events_it.orders_by_day";
    // Small target files give each partition several files, so compaction has work to do.
    String smallFiles = "SET SESSION iceberg.target_max_file_size = '1kB'";
    String days = "DATE '2024-01-01' + (orderkey % 3) * INTERVAL '1' DAY";
    gateway.trinoExecute(
        "CREATE TABLE " + table + " (orderkey BIGINT, total DOUBLE, day DATE) WITH (partitioning = ARRAY['day'])");
    try (Connection trino = gateway.trino(); Statement sql = trino.createStatement()) {
      sql.execute(smallFiles);
      sql.execute("INSERT INTO " + table + " SELECT orderkey, totalprice, " + days + " FROM tpch.tiny.orders");
      sql.execute("DELETE FROM " + table + " WHERE day = DATE '2024-01-02'");
      sql.execute(
          "INSERT INTO " + table + " SELECT orderkey, totalprice * 2, " + days
              + " FROM tpch.tiny.orders WHERE orderkey % 3 = 1");
      sql.execute("ALTER TABLE " + table + " EXECUTE optimize");
    }

    List<RecordedEvent> events = awaitDelivered("events_it.orders_by_day", 4);

    assertThat(events).extracting(e -> e.event().operation())
        .containsExactly(SnapshotOperation.APPEND, SnapshotOperation.DELETE, SnapshotOperation.APPEND, SnapshotOperation.REPLACE);
    assertThat(days(events.get(0))).containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(days(events.get(1))).containsExactly("2024-01-02");
    assertThat(days(events.get(2))).containsExactly("2024-01-02");
    assertThat(days(events.get(3))).containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(events.get(3).event().changesData()).isFalse();
    assertThat(events.get(0).event().changedPartitions().getFirst().values().getFirst().value())
        .contains(LocalDate.of(2024, 1, 1));
    assertThat(events.get(1).event().removedRecords()).isEqualTo(5000);
    assertThat(events.get(2).event().addedRecords()).isEqualTo(5000);
    assertThat(events.get(0).event().summary()).containsEntry("added-records", "15000");
    // each event is the parent of the next: nothing was missed or reordered
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).event().parentSnapshotId()).contains(events.get(i - 1).event().snapshotId());
    }

    assertThat(rowsPerDay(table)).isEqualTo(expectedRowsPerDay());

    JsonNode page = gateway.getJson("/api/v1/events?table=events_it.orders_by_day&limit=3");
    assertThat(page.path("events")).hasSize(3);
    assertThat(page.path("events").get(0).path("operation").asText()).isEqualTo("replace");
    assertThat(page.path("events").get(0).path("changesData").asBoolean()).isFalse();
    assertThat(page.path("totalEvents").asLong()).isEqualTo(4);
    JsonNode next = gateway.getJson("/api/v1/events?table=events_it.orders_by_day&limit=3&pageToken="
        + page.path("nextPageToken").asText());
    assertThat(next.path("events")).hasSize(1);
    assertThat(next.path("events").get(0).path("changedPartitions")).hasSize(3);
    assertThat(next.path("nextPageToken").isNull()).isTrue();
  }

  @Test
  void aDeleteThatMatchesNothingPublishesNothing() throws Exception {
    String table = "iceberg.events_it.empty_delete";
    gateway.trinoExecute(
        "CREATE TABLE " + table + " (id BIGINT, day DATE) WITH (partitioning = ARRAY['day'])",
        "DELETE FROM " + table + " WHERE day = DATE '2024-01-02'",
        "INSERT INTO " + table + " VALUES (1, DATE '2024-01-05')");

    List<RecordedEvent> events = awaitDelivered("events_it.empty_delete", 1);

    assertThat(events).singleElement().satisfies(e -> assertThat(days(e)).containsExactly("2024-01-05"));
  }

  @Test
  void concurrentCommitsYieldExactlyTheEventsOfThoseThatSucceeded() throws Exception {
    String table = "iceberg.events_it.contended";
    gateway.trinoExecute("CREATE TABLE " + table + " (id BIGINT, day DATE) WITH (partitioning = ARRAY['day'])");
    int writers = 4;
    List<Thread> threads = new ArrayList<>();
    List<Boolean> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < writers; i++) {
      String day = "DATE '2024-02-0" + (i + 1) + "'";
      String statement =
          i % 2 == 0
              ? "INSERT INTO " + table + " VALUES (" + i + ", " + day + ")"
              : "DELETE FROM " + table + " WHERE day = DATE '2024-02-01'";
      threads.add(Thread.ofPlatform().start(() -> {
        try (Connection trino = gateway.trino(); Statement sql = trino.createStatement()) {
          sql.execute(statement);
          outcomes.add(true);
        } catch (SQLException e) {
          outcomes.add(false);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join(Duration.ofMinutes(2));
    }
    List<Long> committed = dataSnapshots(table);

    List<RecordedEvent> events = awaitDelivered("events_it.contended", committed.size());

    assertThat(events).extracting(e -> e.event().snapshotId()).containsExactlyElementsOf(committed);
    assertThat(outcomes).hasSize(writers);
    long succeededInserts = outcomes.stream().filter(b -> b).count();
    assertThat(succeededInserts).isGreaterThanOrEqualTo(1);
  }

  /** Snapshots that changed files, oldest first, as Trino's metadata table lists them. */
  private static List<Long> dataSnapshots(String table) throws SQLException {
    List<Long> ids = new ArrayList<>();
    String snapshots = table.replace("contended", "\"contended$snapshots\"");
    try (Connection trino = gateway.trino(); Statement sql = trino.createStatement();
        ResultSet rows = sql.executeQuery(
            "SELECT snapshot_id FROM " + snapshots
                + " WHERE cast(coalesce(element_at(summary, 'added-data-files'), '0') AS integer)"
                + " + cast(coalesce(element_at(summary, 'deleted-data-files'), '0') AS integer) > 0"
                + " ORDER BY committed_at")) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  private static Map<LocalDate, Long> rowsPerDay(String table) throws SQLException {
    Map<LocalDate, Long> counts = new TreeMap<>();
    try (Connection trino = gateway.trino(); Statement sql = trino.createStatement();
        ResultSet rows = sql.executeQuery("SELECT day, count(*), sum(total) FROM " + table + " GROUP BY day")) {
      while (rows.next()) {
        counts.put(rows.getObject(1, LocalDate.class), rows.getLong(2));
      }
    }
    return counts;
  }

  private static Map<LocalDate, Long> expectedRowsPerDay() {
    return new TreeMap<>(Map.of(
        LocalDate.of(2024, 1, 1), 5000L, LocalDate.of(2024, 1, 2), 5000L, LocalDate.of(2024, 1, 3), 5000L));
  }

  static List<RecordedEvent> awaitDelivered(String table, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<RecordedEvent> events = SharedGateway.DELIVERED.stream().filter(e -> e.event().table().equals(table)).toList();
      if (events.size() >= count || System.nanoTime() > deadline) {
        Thread.sleep(500); // anything beyond the expected events would show up by now
        return SharedGateway.DELIVERED.stream().filter(e -> e.event().table().equals(table)).toList();
      }
      Thread.sleep(100);
    }
  }

  private static List<String> days(RecordedEvent event) {
    return event.event().changedPartitions().stream()
        .map(ChangedPartition::values)
        .map(values -> values.getFirst().human())
        .toList();
  }
}
