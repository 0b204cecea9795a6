package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.trino.QueryStatistics;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** The dataflow's tasks and runs in PostgreSQL ({@code dataflow_tasks}, {@code dataflow_runs}). */
final class DataflowStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  DataflowStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Adds the tasks, replacing the definitions of tasks with the same id. */
  void saveTasks(List<TaskDefinition> tasks) {
    String sql = """
        INSERT INTO dataflow_tasks (transform_id, sql_template, dialect, params, redirects) VALUES (?, ?, ?, ?::jsonb, ?::jsonb)
        ON CONFLICT (transform_id) DO UPDATE
          SET sql_template = EXCLUDED.sql_template, dialect = EXCLUDED.dialect, params = EXCLUDED.params,
            redirects = EXCLUDED.redirects, defined_at = now()""";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (TaskDefinition task : tasks) {
        s.setString(1, task.id().name());
        s.setString(2, task.sqlTemplate());
        s.setString(3, task.dialect().name());
        s.setString(4, JSON.writeValueAsString(task.params()));
        Map<String, String> redirects = new LinkedHashMap<>();
        task.redirects().forEach((named, real) -> redirects.put(named.toString(), real.toString()));
        s.setString(5, JSON.writeValueAsString(redirects));
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException | JsonProcessingException e) {
      throw new DataflowException("Cannot save the dataflow's task definitions: " + e.getMessage(), e);
    }
  }

  /** Removes the definitions of {@code ids}; their runs stay recorded. */
  void deleteTasks(List<TransformId> ids) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM dataflow_tasks WHERE transform_id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", ids.stream().map(TransformId::name).toArray(String[]::new)));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DataflowException("Cannot remove task definitions: " + e.getMessage(), e);
    }
  }

  /** Every task definition, in the order they were first defined. */
  List<TaskDefinition> tasks() {
    List<TaskDefinition> tasks = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT transform_id, sql_template, dialect, params::text, redirects::text FROM dataflow_tasks ORDER BY defined_at, transform_id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Map<String, String> params = JSON.readValue(rs.getString(4), new TypeReference<LinkedHashMap<String, String>>() {});
        Map<io.dataflow.gateway.annotator.TableName, io.dataflow.gateway.annotator.TableName> redirects = new LinkedHashMap<>();
        JSON.readValue(rs.getString(5), new TypeReference<LinkedHashMap<String, String>>() {})
            .forEach((named, real) -> redirects.put(io.dataflow.gateway.annotator.TableName.of(named), io.dataflow.gateway.annotator.TableName.of(real)));
        tasks.add(new TaskDefinition(TransformId.of(rs.getString(1)), rs.getString(2), Dialect.valueOf(rs.getString(3)), params, redirects));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new DataflowException("Cannot read the dataflow's task definitions: " + e.getMessage(), e);
    }
    return tasks;
  }

  void runStarted(RunId run, Task task, Instant at) {
    update("""
        INSERT INTO dataflow_runs (run_id, task_id, transform_id, dataset, partitions, strategy, reason, attempt, state, started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?)""",
        run.value(), task.id().value(), task.transform().name(), task.output().name(),
        task.partitions().stream().map(PartitionKey::value).toArray(String[]::new),
        task.strategy().name(), task.reason(), task.attempt(), Timestamp.from(at));
  }

  void queryStarted(RunId run, String queryId) {
    update("UPDATE dataflow_runs SET trino_query_id = ? WHERE run_id = ?", queryId, run.value());
  }

  void runSucceeded(RunId run, OptionalLong snapshotId, QueryStatistics statistics, Instant at) {
    update("""
        UPDATE dataflow_runs SET state = 'SUCCEEDED', snapshot_id = ?, statistics = ?::jsonb, trino_query_id = ?, finished_at = ?
        WHERE run_id = ?""",
        snapshotId.isPresent() ? snapshotId.getAsLong() : null, statisticsJson(statistics), statistics.queryId(),
        Timestamp.from(at), run.value());
  }

  void runFailed(RunId run, String error, String errorKind, Instant at) {
    update("UPDATE dataflow_runs SET state = 'FAILED', error = ?, error_kind = ?, finished_at = ? WHERE run_id = ?",
        error, errorKind, Timestamp.from(at), run.value());
  }

  /** A run that a stop interrupted turned out to have committed {@code snapshotId}. */
  void runSettled(RunId run, long snapshotId, Instant at) {
    update("UPDATE dataflow_runs SET state = 'SUCCEEDED', snapshot_id = ?, finished_at = ? WHERE run_id = ?",
        snapshotId, Timestamp.from(at), run.value());
  }

  /** The run of the dataflow that ran Trino query {@code queryId}, if one did. */
  Optional<String> runWithQuery(String queryId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT run_id FROM dataflow_runs WHERE trino_query_id = ?")) {
      s.setString(1, queryId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot read runs: " + e.getMessage(), e);
    }
  }

  Optional<RunRecord> run(String runId) {
    return select("SELECT * FROM dataflow_runs WHERE run_id = ?", runId).stream().findFirst();
  }

  /** Runs newest first, optionally of one dataset and in one state. */
  List<RunRecord> runs(Optional<String> dataset, Optional<RunRecord.State> state, int limit) {
    return select("""
        SELECT * FROM dataflow_runs WHERE (?::text IS NULL OR dataset = ?) AND (?::text IS NULL OR state = ?)
        ORDER BY started_at DESC, run_id DESC LIMIT ?""",
        dataset.orElse(null), dataset.orElse(null), state.map(Enum::name).orElse(null), state.map(Enum::name).orElse(null), limit);
  }

  private static String statisticsJson(QueryStatistics statistics) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("queryId", statistics.queryId());
    json.put("state", statistics.state());
    json.put("processedRows", statistics.processedRows());
    json.put("processedBytes", statistics.processedBytes());
    json.put("cpuMillis", statistics.cpuTime().toMillis());
    json.put("wallMillis", statistics.wallTime().toMillis());
    json.put("elapsedMillis", statistics.elapsedTime().toMillis());
    json.put("peakMemoryBytes", statistics.peakMemoryBytes());
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write query statistics as JSON", e);
    }
  }

  private void update(String sql, Object... values) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, values);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DataflowException("Cannot record a run: " + e.getMessage(), e);
    }
  }

  private List<RunRecord> select(String sql, Object... values) {
    List<RunRecord> runs = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, values);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          runs.add(runOf(rs));
        }
      }
    } catch (SQLException e) {
      throw new DataflowException("Cannot read runs: " + e.getMessage(), e);
    }
    return runs;
  }

  private static void bind(Connection c, PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value instanceof String[] array) {
        Array sqlArray = c.createArrayOf("text", array);
        s.setArray(i + 1, sqlArray);
      } else {
        s.setObject(i + 1, value);
      }
    }
  }

  private static RunRecord runOf(ResultSet rs) throws SQLException {
    long snapshot = rs.getLong("snapshot_id");
    OptionalLong snapshotId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(snapshot);
    Timestamp finished = rs.getTimestamp("finished_at");
    return new RunRecord(
        rs.getString("run_id"),
        rs.getString("task_id"),
        rs.getString("transform_id"),
        rs.getString("dataset"),
        List.of((String[]) rs.getArray("partitions").getArray()),
        rs.getString("strategy"),
        rs.getString("reason"),
        rs.getInt("attempt"),
        RunRecord.State.valueOf(rs.getString("state")),
        Optional.ofNullable(rs.getString("trino_query_id")),
        snapshotId,
        Optional.ofNullable(rs.getString("statistics")),
        Optional.ofNullable(rs.getString("error")),
        Optional.ofNullable(rs.getString("error_kind")),
        rs.getTimestamp("started_at").toInstant(),
        Optional.ofNullable(finished).map(Timestamp::toInstant));
  }
}
