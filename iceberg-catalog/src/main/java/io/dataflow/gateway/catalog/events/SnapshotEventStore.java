package io.dataflow.gateway.catalog.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The outbox of snapshot events in PostgreSQL (tables {@code snapshot_events} and {@code
 * event_cursors}, created by the server's migrations). Recording is idempotent: a snapshot is
 * recorded at most once per table, whoever records it first.
 *
 * <p>Readers take the events after their cursor in {@code event_id} order, so an event must never
 * become visible after one with a higher id: a reader that saw the later one would have moved past
 * the earlier one for good. Ids are taken from a sequence when a row is inserted, and two
 * transactions recording events of two tables could commit in the other order; so every recording
 * first takes one transaction-scoped advisory lock, held until it commits, and recordings (from this
 * gateway or another one on the same database) take their ids and commit one after the other.
 */
public final class SnapshotEventStore {

  /** The key of the advisory lock that orders recordings: "outbox" in ASCII. */
  private static final long RECORDING_LOCK = 0x6f7574626f78L;

  private final DataSource dataSource;

  public SnapshotEventStore(DataSource dataSource) {
    this.dataSource = java.util.Objects.requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * Records events in the given order, in one transaction, skipping snapshots already recorded.
   *
   * @return how many were new
   */
  public int recordAll(List<SnapshotEvent> events, EventOrigin origin) {
    if (events.isEmpty()) {
      return 0;
    }
    String sql =
        """
        INSERT INTO snapshot_events
          (table_uuid, table_name, snapshot_id, parent_snapshot_id, sequence_number, operation,
           committed_at, origin, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
        ON CONFLICT (table_uuid, snapshot_id) DO NOTHING
        """;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      int inserted = 0;
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)");
          PreparedStatement statement = connection.prepareStatement(sql)) {
        lock.setLong(1, RECORDING_LOCK);
        lock.execute();
        for (SnapshotEvent event : events) {
          statement.setObject(1, event.tableUuid());
          statement.setString(2, event.table());
          statement.setLong(3, event.snapshotId());
          statement.setObject(4, event.parentSnapshotId().orElse(null));
          statement.setLong(5, event.sequenceNumber());
          statement.setString(6, event.operation().icebergName());
          statement.setTimestamp(7, Timestamp.from(event.committedAt()));
          statement.setString(8, origin.name());
          statement.setString(9, SnapshotEventJson.toJson(event));
          inserted += statement.executeUpdate();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      return inserted;
    } catch (SQLException e) {
      throw new EventStoreException("Cannot record snapshot events of " + events.get(0).table(), e);
    }
  }

  /** Those of {@code snapshotIds}, snapshots of a table, that have events: one lookup by the table's unique key. */
  public Set<Long> recordedAmong(UUID tableUuid, Collection<Long> snapshotIds) {
    Set<Long> ids = new HashSet<>();
    if (snapshotIds.isEmpty()) {
      return ids;
    }
    query(
        "SELECT snapshot_id FROM snapshot_events WHERE table_uuid = ? AND snapshot_id = ANY (?)",
        statement -> {
          statement.setObject(1, tableUuid);
          statement.setArray(2, statement.getConnection().createArrayOf("bigint", snapshotIds.toArray()));
        },
        rows -> ids.add(rows.getLong(1)));
    return ids;
  }

  /** Events after an outbox position, oldest first. */
  public List<RecordedEvent> after(long eventId, int limit) {
    List<RecordedEvent> events = new ArrayList<>();
    query(
        "SELECT event_id, recorded_at, origin, payload::text FROM snapshot_events"
            + " WHERE event_id > ? ORDER BY event_id LIMIT ?",
        statement -> {
          statement.setLong(1, eventId);
          statement.setInt(2, limit);
        },
        rows -> events.add(read(rows)));
    return events;
  }

  /**
   * A page of events, newest first.
   *
   * @param table only this table ({@code namespace.name}), if given
   * @param before only events before this outbox position, if given (the previous page's last id)
   * @param limit the page size
   */
  public List<RecordedEvent> newestFirst(Optional<String> table, Optional<Long> before, int limit) {
    List<RecordedEvent> events = new ArrayList<>();
    query(
        "SELECT event_id, recorded_at, origin, payload::text FROM snapshot_events"
            + " WHERE (CAST(? AS text) IS NULL OR table_name = ?)"
            + " AND (CAST(? AS bigint) IS NULL OR event_id < ?)"
            + " ORDER BY event_id DESC LIMIT ?",
        statement -> {
          statement.setString(1, table.orElse(null));
          statement.setString(2, table.orElse(null));
          statement.setObject(3, before.orElse(null));
          statement.setObject(4, before.orElse(null));
          statement.setInt(5, limit);
        },
        rows -> events.add(read(rows)));
    return events;
  }

  /** How many events a table has, or all tables together. */
  public long count(Optional<String> table) {
    long[] count = {0};
    query(
        "SELECT count(*) FROM snapshot_events WHERE (CAST(? AS text) IS NULL OR table_name = ?)",
        statement -> {
          statement.setString(1, table.orElse(null));
          statement.setString(2, table.orElse(null));
        },
        rows -> count[0] = rows.getLong(1));
    return count[0];
  }

  /** The last outbox position delivered to a subscriber; 0 for a new subscriber. */
  public long cursor(String subscriber) {
    long[] cursor = {0};
    query(
        "SELECT last_event_id FROM event_cursors WHERE subscriber = ?",
        statement -> statement.setString(1, subscriber),
        rows -> cursor[0] = rows.getLong(1));
    return cursor[0];
  }

  /** Moves a subscriber's cursor to an outbox position. */
  public void advance(String subscriber, long eventId) {
    String sql =
        """
        INSERT INTO event_cursors (subscriber, last_event_id, updated_at) VALUES (?, ?, now())
        ON CONFLICT (subscriber) DO UPDATE
          SET last_event_id = excluded.last_event_id, updated_at = excluded.updated_at
        """;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, subscriber);
      statement.setLong(2, eventId);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new EventStoreException("Cannot advance the event cursor of " + subscriber, e);
    }
  }

  private static RecordedEvent read(ResultSet rows) throws SQLException {
    return new RecordedEvent(
        rows.getLong(1),
        rows.getTimestamp(2).toInstant(),
        EventOrigin.valueOf(rows.getString(3)),
        SnapshotEventJson.fromJson(rows.getString(4)));
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface RowHandler {
    void handle(ResultSet rows) throws SQLException;
  }

  private void query(String sql, Binder binder, RowHandler handler) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          handler.handle(rows);
        }
      }
    } catch (SQLException e) {
      throw new EventStoreException("Cannot read snapshot events", e);
    }
  }

  /** The outbox could not be read or written. */
  public static final class EventStoreException extends RuntimeException {
    EventStoreException(String message, SQLException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
