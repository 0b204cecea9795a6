package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code fallback_runs} table. */
final class FallbackRunStore {

  private final DataSource dataSource;

  FallbackRunStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * Records that a run has started.
   *
   * @return the new run's id, or empty if the task already has a run of this logical date (a
   *     duplicate firing, which must not run again)
   */
  Optional<Long> start(RunContext context, String kind, Instant startedAt, String instanceId) {
    String sql = """
        INSERT INTO fallback_runs (dag_id, task_id, kind, logical_date, data_interval_end, scheduled_at, started_at,
                                   state, instance_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)
        ON CONFLICT (dag_id, task_id, logical_date) DO NOTHING
        RETURNING run_id""";
    try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, context.job().dagId());
      insert.setString(2, context.job().taskId());
      insert.setString(3, kind);
      insert.setTimestamp(4, Timestamp.from(context.interval().start()));
      insert.setTimestamp(5, Timestamp.from(context.interval().end()));
      insert.setTimestamp(6, Timestamp.from(context.scheduledAt()));
      insert.setTimestamp(7, Timestamp.from(startedAt));
      insert.setString(8, instanceId);
      try (ResultSet rows = insert.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new FallbackException("Cannot record the start of fallback run " + context.job() + " for "
          + context.interval().logicalDate() + ": " + e.getMessage(), e);
    }
  }

  /** A run taken over from a gateway instance that stopped during it. */
  record TakenOver(long runId, String previousInstance) {}

  /**
   * Takes over the run of this logical date that another instance left {@code running}: it restarts,
   * recorded as run by {@code instanceId}, with what the previous attempt captured cleared.
   *
   * @return the run, or empty if there is no such run
   */
  Optional<TakenOver> takeOver(RunContext context, Instant startedAt, String instanceId) {
    String sql = """
        UPDATE fallback_runs AS run
        SET instance_id = ?, started_at = ?, output = '', exit_code = NULL, error = NULL, external_id = NULL
        FROM fallback_runs AS before
        WHERE run.run_id = before.run_id AND run.dag_id = ? AND run.task_id = ? AND run.logical_date = ?
          AND run.state = 'running' AND run.instance_id <> ?
        RETURNING run.run_id, before.instance_id""";
    try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, instanceId);
      update.setTimestamp(2, Timestamp.from(startedAt));
      update.setString(3, context.job().dagId());
      update.setString(4, context.job().taskId());
      update.setTimestamp(5, Timestamp.from(context.interval().start()));
      update.setString(6, instanceId);
      try (ResultSet rows = update.executeQuery()) {
        return rows.next() ? Optional.of(new TakenOver(rows.getLong(1), rows.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new FallbackException("Cannot take over fallback run " + context.job() + " for "
          + context.interval().logicalDate() + ": " + e.getMessage(), e);
    }
  }

  /** Records how a run ended. */
  void finish(long runId, RunOutcome outcome, Instant finishedAt) {
    String sql = """
        UPDATE fallback_runs
        SET finished_at = ?, state = ?, exit_code = ?, output = ?, error = ?, external_id = ?
        WHERE run_id = ?""";
    try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
      update.setTimestamp(1, Timestamp.from(finishedAt));
      update.setString(2, outcome.succeeded() ? "succeeded" : "failed");
      if (outcome.exitCode().isPresent()) {
        update.setInt(3, outcome.exitCode().get());
      } else {
        update.setNull(3, Types.INTEGER);
      }
      // PostgreSQL text cannot hold NUL; a command may print one
      update.setString(4, outcome.output().replace('\0', '\uFFFD'));
      update.setString(5, outcome.error().map(e -> e.replace('\0', '\uFFFD')).orElse(null));
      update.setString(6, outcome.externalId().orElse(null));
      update.setLong(7, runId);
      if (update.executeUpdate() != 1) {
        throw new FallbackException("Cannot record the end of fallback run " + runId + ": no such run");
      }
    } catch (SQLException e) {
      throw new FallbackException("Cannot record the end of fallback run " + runId + ": " + e.getMessage(), e);
    }
  }

  /** The latest {@code limit} runs of a job, newest first. */
  List<FallbackRun> runs(FallbackJobKey job, int limit) {
    String sql = """
        SELECT run_id, kind, logical_date, data_interval_end, scheduled_at, started_at, finished_at, state, exit_code,
               output, error, external_id, instance_id
        FROM fallback_runs
        WHERE dag_id = ? AND task_id = ?
        ORDER BY run_id DESC
        LIMIT ?""";
    try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, job.dagId());
      select.setString(2, job.taskId());
      select.setInt(3, limit);
      List<FallbackRun> runs = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          int exitCode = rows.getInt("exit_code");
          Optional<Integer> exit = rows.wasNull() ? Optional.empty() : Optional.of(exitCode);
          runs.add(new FallbackRun(
              rows.getLong("run_id"),
              job,
              rows.getString("kind"),
              new DataInterval(instant(rows, "logical_date"), instant(rows, "data_interval_end")),
              instant(rows, "scheduled_at"),
              instant(rows, "started_at"),
              Optional.ofNullable(rows.getTimestamp("finished_at")).map(Timestamp::toInstant),
              FallbackRun.State.valueOf(rows.getString("state").toUpperCase(Locale.ROOT)),
              exit,
              rows.getString("output"),
              Optional.ofNullable(rows.getString("error")),
              Optional.ofNullable(rows.getString("external_id")),
              rows.getString("instance_id")));
        }
      }
      return List.copyOf(runs);
    } catch (SQLException e) {
      throw new FallbackException("Cannot read the runs of fallback job " + job + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    return rows.getTimestamp(column).toInstant();
  }
}
