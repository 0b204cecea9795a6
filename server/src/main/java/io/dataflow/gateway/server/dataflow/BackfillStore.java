package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.scheduling.BackfillProgress;
import io.dataflow.gateway.server.state.JdbcStateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The backfills started, in PostgreSQL ({@code backfills}): what each covers and when it was asked
 * for, in which order. Their progress is not stored but counted from {@code partition_states}, so
 * that a restarted gateway answers for a backfill exactly as the one that started it would, and
 * takes up the unfinished ones in their order.
 */
final class BackfillStore {

  private final DataSource dataSource;

  BackfillStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** A backfill as it was asked for. */
  record Started(Backfill request, Instant startedAt) {
    Started {
      requireNonNull(request, "request is null");
      requireNonNull(startedAt, "startedAt is null");
    }
  }

  /**
   * Records {@code request}, started at {@code at}.
   *
   * @throws IllegalArgumentException if a backfill with its id was recorded already
   */
  void save(Backfill request, Instant at) {
    String sql = """
        INSERT INTO backfills (backfill_id, dataset, granularity, from_start, to_start, backfill_order, started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (backfill_id) DO NOTHING""";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, request.id());
      s.setString(2, request.dataset().name());
      Optional<Granularity> granularity = request.from().granularity();
      if (granularity.isPresent()) {
        s.setString(3, granularity.get().name());
        s.setObject(4, ((PartitionKey.Period) request.from()).start());
        s.setObject(5, ((PartitionKey.Period) request.to()).start());
      } else {
        s.setNull(3, Types.VARCHAR);
        s.setNull(4, Types.TIMESTAMP);
        s.setNull(5, Types.TIMESTAMP);
      }
      s.setString(6, request.order().name());
      s.setTimestamp(7, Timestamp.from(at));
      if (s.executeUpdate() == 0) {
        throw new IllegalArgumentException("Backfill " + request.id() + " exists already");
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot record backfill " + request.id() + ": " + e.getMessage(), e);
    }
  }

  /** Forgets {@code backfillId}, which could not start. */
  void delete(String backfillId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM backfills WHERE backfill_id = ?")) {
      s.setString(1, backfillId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DataflowException("Cannot remove backfill " + backfillId + ": " + e.getMessage(), e);
    }
  }

  /** The backfill {@code backfillId}, empty if none was started with that id. */
  Optional<Started> find(String backfillId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT backfill_id, dataset, granularity, from_start, to_start, backfill_order, started_at FROM backfills WHERE backfill_id = ?")) {
      s.setString(1, backfillId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(started(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot read backfill " + backfillId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every backfill not complete yet (some partition of its range is not fresh), in the order they
   * were started, so that a restarted planner can take them up in their requested order; a later
   * backfill's order wins for partitions two of them cover, as it did before the restart.
   */
  List<Started> unfinished() {
    List<Started> all = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT backfill_id, dataset, granularity, from_start, to_start, backfill_order, started_at FROM backfills"
                + " ORDER BY started_at, backfill_id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        all.add(started(rs));
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot read the backfills started: " + e.getMessage(), e);
    }
    return all.stream().filter(b -> !progress(b.request()).isComplete()).toList();
  }

  private static Started started(ResultSet rs) throws SQLException {
    String granularity = rs.getString(3);
    PartitionKey from = granularity == null
        ? PartitionKey.unpartitioned()
        : PartitionKey.of(Granularity.valueOf(granularity), rs.getObject(4, LocalDateTime.class));
    PartitionKey to = granularity == null
        ? PartitionKey.unpartitioned()
        : PartitionKey.of(Granularity.valueOf(granularity), rs.getObject(5, LocalDateTime.class));
    Backfill request = new Backfill(rs.getString(1), DatasetId.of(rs.getString(2)), from, to, Backfill.Order.valueOf(rs.getString(6)));
    return new Started(request, rs.getTimestamp(7).toInstant());
  }

  /**
   * How far {@code request} has come, from the states of its partitions in one grouped query: fresh
   * ones are done, failed and blocked ones failed, those waiting for data waiting; untracked ones are
   * still to be computed.
   */
  BackfillProgress progress(Backfill request) {
    List<PartitionKey> keys = request.partitions();
    int done = 0;
    int failed = 0;
    int waiting = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT state, count(*) FROM partition_states WHERE dataset = ? AND partition_key = ANY (?) GROUP BY state")) {
      s.setString(1, request.dataset().name());
      s.setArray(2, c.createArrayOf("text", keys.stream().map(JdbcStateStore::keyColumn).toArray(String[]::new)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int count = rs.getInt(2);
          switch (rs.getString(1)) {
            case "FRESH" -> done += count;
            case "FAILED", "BLOCKED" -> failed += count;
            case "WAITING_FOR_DATA" -> waiting += count;
            default -> { }
          }
        }
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot read the progress of backfill " + request.id() + ": " + e.getMessage(), e);
    }
    return new BackfillProgress(keys.size(), done, failed, waiting);
  }
}
