package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflow.gateway.server.cli.ModelJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The comparisons of shadow and real partitions in PostgreSQL ({@code shadow_comparisons}). */
final class ShadowStore {

  /** A partition to compare: which DAG's table, which partition, and when it last changed. */
  record Pending(String dagId, String realTable, String shadowTable, String partition, Instant changedAt) {}

  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

  private final DataSource dataSource;

  ShadowStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Marks a partition as changed since its last comparison, keeping that comparison's results until the next. */
  void changed(String dagId, String realTable, String shadowTable, String partition, Instant at) {
    update("""
        INSERT INTO shadow_comparisons (dag_id, real_table, shadow_table, partition_key, state, changed_at) VALUES (?, ?, ?, ?, 'PENDING', ?)
        ON CONFLICT (dag_id, real_table, partition_key) DO UPDATE
          SET state = 'PENDING', shadow_table = EXCLUDED.shadow_table, changed_at = EXCLUDED.changed_at""",
        dagId, realTable, shadowTable, partition, Timestamp.from(at));
  }

  List<Pending> pending(int limit) {
    List<Pending> pending = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT dag_id, real_table, shadow_table, partition_key, changed_at FROM shadow_comparisons
        WHERE state = 'PENDING' ORDER BY changed_at LIMIT ?""")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          pending.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot read the shadow partitions to compare: " + e.getMessage(), e);
    }
    return pending;
  }

  /**
   * Records the outcome of comparing {@code pending}, unless the partition changed again meanwhile (it
   * stays pending then, for the next comparison).
   */
  void compared(Pending pending, PartitionComparison result) {
    try {
      update("""
          UPDATE shadow_comparisons SET state = ?, compared_at = ?, real_snapshot = ?, shadow_snapshot = ?, real_rows = ?, shadow_rows = ?,
            real_checksum = ?, shadow_checksum = ?, only_in_real = ?::jsonb, only_in_shadow = ?::jsonb, error = ?
          WHERE dag_id = ? AND real_table = ? AND partition_key = ? AND changed_at = ?""",
          result.state().name(), Timestamp.from(result.comparedAt().orElseThrow()),
          result.real().map(PartitionComparison.Side::snapshotId).orElse(null),
          result.shadow().map(PartitionComparison.Side::snapshotId).orElse(null),
          result.real().map(PartitionComparison.Side::rows).orElse(null),
          result.shadow().map(PartitionComparison.Side::rows).orElse(null),
          result.real().map(PartitionComparison.Side::checksum).orElse(null),
          result.shadow().map(PartitionComparison.Side::checksum).orElse(null),
          ModelJson.MAPPER.writeValueAsString(result.onlyInReal()), ModelJson.MAPPER.writeValueAsString(result.onlyInShadow()),
          result.error().orElse(null),
          pending.dagId(), pending.realTable(), pending.partition(), Timestamp.from(pending.changedAt()));
    } catch (JsonProcessingException e) {
      throw new MigrationException("Cannot record the comparison of " + pending.realTable() + " " + pending.partition() + ": "
          + e.getMessage(), e);
    }
  }

  /** Forgets a partition that neither side holds any more, unless it changed again meanwhile. */
  void gone(Pending pending) {
    update("DELETE FROM shadow_comparisons WHERE dag_id = ? AND real_table = ? AND partition_key = ? AND changed_at = ?",
        pending.dagId(), pending.realTable(), pending.partition(), Timestamp.from(pending.changedAt()));
  }

  /** Forgets every comparison of {@code dagId}'s shadow run, when a new one starts. */
  void clear(String dagId) {
    update("DELETE FROM shadow_comparisons WHERE dag_id = ?", dagId);
  }

  /** The latest comparison of every partition of {@code dagId}'s shadow run, by table and partition. */
  List<PartitionComparison> comparisons(String dagId) {
    List<PartitionComparison> comparisons = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT real_table, shadow_table, partition_key, state, changed_at, compared_at, real_snapshot, shadow_snapshot, real_rows,
          shadow_rows, real_checksum, shadow_checksum, only_in_real::text, only_in_shadow::text, error
        FROM shadow_comparisons WHERE dag_id = ? ORDER BY real_table, partition_key""")) {
      s.setString(1, dagId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          comparisons.add(new PartitionComparison(rs.getString(1), rs.getString(2), rs.getString(3),
              PartitionComparison.State.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(),
              Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant),
              side(rs, 7, 9, 11), side(rs, 8, 10, 12), rows(rs.getString(13)), rows(rs.getString(14)), Optional.ofNullable(rs.getString(15))));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot read the shadow comparisons of DAG " + dagId + ": " + e.getMessage(), e);
    }
    return comparisons;
  }

  private static Optional<PartitionComparison.Side> side(ResultSet rs, int snapshot, int rows, int checksum) throws SQLException {
    long id = rs.getLong(snapshot);
    if (rs.wasNull()) {
      return Optional.empty();
    }
    long count = rs.getLong(rows);
    boolean noCount = rs.wasNull();
    long sum = rs.getLong(checksum);
    return noCount || rs.wasNull() ? Optional.empty() : Optional.of(new PartitionComparison.Side(id, count, sum));
  }

  private static List<Map<String, Object>> rows(String json) throws JsonProcessingException {
    return json == null ? List.of() : ModelJson.MAPPER.readValue(json, ROWS);
  }

  private void update(String sql, Object... values) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          s.setNull(i + 1, Types.NULL);
        } else {
          s.setObject(i + 1, values[i]);
        }
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new MigrationException("Cannot record a shadow comparison: " + e.getMessage(), e);
    }
  }
}
