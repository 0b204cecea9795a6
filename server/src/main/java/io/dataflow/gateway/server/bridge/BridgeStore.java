package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.planner.model.DatasetId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The bridge's state in PostgreSQL (migration V9): the read cursor, the received events, the outbox. */
final class BridgeStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS_CURSOR = "airflow-events";

  /** An Airflow event as handled. */
  record Received(String digest, String uri, Instant timestamp, Optional<String> sourceDagId, Optional<String> sourceTaskId,
      Optional<String> sourceRunId, Map<String, String> extra, Optional<DatasetId> dataset, Optional<List<String>> partitions,
      Optional<EventPartitions.Source> partitionsFrom, Outcome outcome, String detail, List<String> backfills) {
    Received {
      requireNonNull(digest, "digest is null");
      requireNonNull(detail, "detail is null");
      backfills = List.copyOf(backfills);
    }

    /** This event with the partitions it named. */
    Received withPartitions(java.util.Collection<io.dataflow.gateway.planner.model.PartitionKey> keys) {
      return new Received(digest, uri, timestamp, sourceDagId, sourceTaskId, sourceRunId, extra, dataset,
          Optional.of(keys.stream().map(io.dataflow.gateway.planner.model.PartitionKey::value).toList()), partitionsFrom, outcome,
          detail, backfills);
    }
  }

  /** What the bridge did with an Airflow event. */
  enum Outcome {
    /** Dataflow work started: the partitions computed from the event's partitions are recomputed. */
    STARTED,
    /** The change had reached the dataflow already, as a commit to the gateway's catalog. */
    COVERED,
    /** Nothing to do: the URI names no table the dataflow reads, or the gateway posted the event itself. */
    IGNORED
  }

  /** An event to post to Airflow. */
  record Outgoing(long id, long snapshotEventId, String uri, DatasetId dataset, long snapshotId, Optional<String> runId,
      List<String> partitions, Map<String, Object> extra, int attempts, Optional<Instant> lastAttemptAt) {
    Outgoing {
      partitions = List.copyOf(partitions);
      extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
  }

  private final DataSource dataSource;

  BridgeStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  Optional<Instant> eventsCursor() {
    return query("SELECT last_timestamp FROM airflow_bridge_cursor WHERE name = ?", s -> s.setString(1, EVENTS_CURSOR),
        rs -> rs.getTimestamp(1).toInstant()).stream().findFirst();
  }

  void advanceEventsCursor(Instant to) {
    update("""
        INSERT INTO airflow_bridge_cursor (name, last_timestamp, updated_at) VALUES (?, ?, now())
        ON CONFLICT (name) DO UPDATE SET last_timestamp = GREATEST(airflow_bridge_cursor.last_timestamp, excluded.last_timestamp),
          updated_at = now()""", s -> {
      s.setString(1, EVENTS_CURSOR);
      s.setTimestamp(2, Timestamp.from(to));
    });
  }

  boolean received(String digest) {
    return !query("SELECT 1 FROM airflow_received_events WHERE digest = ?", s -> s.setString(1, digest), rs -> 1).isEmpty();
  }

  /** The timestamp of the last event handled on {@code dataset} before {@code before}. */
  Optional<Instant> previousEvent(DatasetId dataset, Instant before) {
    return query("SELECT max(event_timestamp) FROM airflow_received_events WHERE dataset = ? AND event_timestamp < ?", s -> {
      s.setString(1, dataset.name());
      s.setTimestamp(2, Timestamp.from(before));
    }, rs -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).getFirst();
  }

  void record(Received r) {
    update("""
        INSERT INTO airflow_received_events (digest, uri, event_timestamp, source_dag_id, source_task_id, source_run_id, extra,
          dataset, partitions, partitions_from, outcome, detail, backfills)
        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING""", s -> {
      s.setString(1, r.digest());
      s.setString(2, r.uri());
      s.setTimestamp(3, Timestamp.from(r.timestamp()));
      s.setString(4, r.sourceDagId().orElse(null));
      s.setString(5, r.sourceTaskId().orElse(null));
      s.setString(6, r.sourceRunId().orElse(null));
      s.setString(7, extraJson(r.extra()));
      s.setString(8, r.dataset().map(DatasetId::name).orElse(null));
      if (r.partitions().isPresent()) {
        s.setArray(9, s.getConnection().createArrayOf("text", r.partitions().get().toArray(String[]::new)));
      } else {
        s.setNull(9, Types.ARRAY);
      }
      s.setString(10, r.partitionsFrom().map(Enum::name).orElse(null));
      s.setString(11, r.outcome().name());
      s.setString(12, r.detail());
      s.setArray(13, s.getConnection().createArrayOf("text", r.backfills().toArray(String[]::new)));
    });
  }

  /** Adds events to post; one per snapshot event and URI, whatever is added twice. */
  void enqueue(long snapshotEventId, String uri, DatasetId dataset, long snapshotId, Optional<String> runId, List<String> partitions,
      Map<String, Object> extra, Instant now) {
    update("""
        INSERT INTO airflow_outbox (snapshot_event_id, uri, dataset, snapshot_id, run_id, partitions, extra, state, next_attempt_at)
        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?) ON CONFLICT (snapshot_event_id, uri) DO NOTHING""", s -> {
      s.setLong(1, snapshotEventId);
      s.setString(2, uri);
      s.setString(3, dataset.name());
      s.setLong(4, snapshotId);
      s.setString(5, runId.orElse(null));
      s.setArray(6, s.getConnection().createArrayOf("text", partitions.toArray(String[]::new)));
      s.setString(7, json(extra));
      s.setTimestamp(8, Timestamp.from(now));
    });
  }

  /** Events due at {@code now}, oldest first. */
  List<Outgoing> due(Instant now, int limit) {
    return query("""
        SELECT outbox_id, snapshot_event_id, uri, dataset, snapshot_id, run_id, partitions, extra::text, attempts, last_attempt_at
        FROM airflow_outbox WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY outbox_id LIMIT ?""", s -> {
      s.setTimestamp(1, Timestamp.from(now));
      s.setInt(2, limit);
    }, rs -> new Outgoing(rs.getLong(1), rs.getLong(2), rs.getString(3), DatasetId.of(rs.getString(4)), rs.getLong(5),
        Optional.ofNullable(rs.getString(6)), List.of((String[]) rs.getArray(7).getArray()), readExtra(rs.getString(8)), rs.getInt(9),
        Optional.ofNullable(rs.getTimestamp(10)).map(Timestamp::toInstant)));
  }

  /** Recorded before the event is posted: a later attempt knows that Airflow may have it already. */
  void attempting(long id, Instant at, Instant retryAt) {
    update("UPDATE airflow_outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ? WHERE outbox_id = ?", s -> {
      s.setTimestamp(1, Timestamp.from(at));
      s.setTimestamp(2, Timestamp.from(retryAt));
      s.setLong(3, id);
    });
  }

  void sent(long id, Instant at, Instant airflowTimestamp) {
    update("UPDATE airflow_outbox SET state = 'SENT', sent_at = ?, airflow_timestamp = ?, last_error = NULL WHERE outbox_id = ?", s -> {
      s.setTimestamp(1, Timestamp.from(at));
      s.setTimestamp(2, Timestamp.from(airflowTimestamp));
      s.setLong(3, id);
    });
  }

  void failed(long id, String error) {
    update("UPDATE airflow_outbox SET last_error = ? WHERE outbox_id = ?", s -> {
      s.setString(1, error);
      s.setLong(2, id);
    });
  }

  private static String extraJson(Map<String, String> extra) {
    // the values are JSON texts already
    StringBuilder out = new StringBuilder("{");
    extra.forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(json(k)).append(':').append(v);
    });
    return out.append('}').toString();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, Object> readExtra(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Invalid extra in airflow_outbox: " + json, e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new BridgeException("Cannot read the Airflow bridge's state: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new BridgeException("Cannot record the Airflow bridge's state: " + e.getMessage(), e);
    }
  }
}
