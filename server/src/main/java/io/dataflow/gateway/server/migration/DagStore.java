package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dataflow.gateway.importer.change.Fingerprints;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.server.cli.ModelJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Imports and imported DAGs in PostgreSQL ({@code dag_imports}, {@code imported_dags}). */
final class DagStore {

  /**
   * An imported DAG with its migration.
   *
   * @param airflow the live Airflow it was imported from; empty for a snapshot
   * @param shadowTables each real table its shadow run writes instead, by name
   * @param airflowPaused the DAG's paused flag in Airflow as the gateway last set it; empty if it never did
   * @param splitInAirflow its cut-over moved some tasks: the others stay in Airflow, in the DAG deployed
   *     there without the migrated ones
   * @param airflowDag the DAG as Airflow runs it after such a cut-over, once read back from Airflow;
   *     {@code dag} stays the definition the migrated tasks came from
   */
  record StoredDag(LegacyDag dag, String fingerprint, String importId, Instant importedAt, List<String> migratedTasks,
      Optional<Instant> migratedAt, Optional<AirflowReference> airflow, MigrationMode mode, Map<String, String> shadowTables,
      Optional<Instant> shadowStartedAt, Optional<Instant> cutoverAt, Optional<Boolean> airflowPaused, Optional<Instant> airflowPausedAt,
      boolean splitInAirflow, Optional<LegacyDag> airflowDag) {
    StoredDag {
      requireNonNull(dag, "dag is null");
      migratedTasks = List.copyOf(migratedTasks);
      shadowTables = Map.copyOf(shadowTables);
      requireNonNull(airflowDag, "airflowDag is null");
    }

    /** The DAG as Airflow runs it now: the one deployed after a per-task cut-over, else the imported one. */
    LegacyDag inAirflow() {
      return airflowDag.orElse(dag);
    }
  }

  private final DataSource dataSource;

  DagStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * Records an import and the DAGs it read, in one transaction.
   *
   * @param airflow the live Airflow the DAGs were read from, kept with the import and each DAG; empty
   *     for a snapshot
   */
  void saveImport(ImportRecord record, List<LegacyDag> dags, Optional<AirflowReference> airflow) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      String reference = airflow.isPresent() ? ModelJson.MAPPER.writeValueAsString(airflow.get()) : null;
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO dag_imports (import_id, source, started_at, finished_at, result, airflow) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
        s.setString(1, record.id());
        s.setString(2, record.source());
        s.setTimestamp(3, Timestamp.from(record.startedAt()));
        s.setTimestamp(4, Timestamp.from(record.finishedAt()));
        s.setString(5, ModelJson.MAPPER.writeValueAsString(record.dags()));
        s.setString(6, reference);
        s.executeUpdate();
      }
      // a DAG cut over task by task keeps the definition its migrated tasks came from: what Airflow
      // runs now (the DAG deployed without them) is recorded beside it
      try (PreparedStatement s = c.prepareStatement("""
          INSERT INTO imported_dags (dag_id, import_id, fingerprint, dag, imported_at, airflow) VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb)
          ON CONFLICT (dag_id) DO UPDATE SET import_id = EXCLUDED.import_id, imported_at = EXCLUDED.imported_at, airflow = EXCLUDED.airflow,
            fingerprint = CASE WHEN imported_dags.split_in_airflow THEN imported_dags.fingerprint ELSE EXCLUDED.fingerprint END,
            dag = CASE WHEN imported_dags.split_in_airflow THEN imported_dags.dag ELSE EXCLUDED.dag END,
            airflow_dag = CASE WHEN imported_dags.split_in_airflow THEN EXCLUDED.dag END,
            airflow_dag_at = CASE WHEN imported_dags.split_in_airflow THEN EXCLUDED.imported_at END""")) {
        for (LegacyDag dag : dags) {
          s.setString(1, dag.dagId());
          s.setString(2, record.id());
          s.setString(3, Fingerprints.of(dag).hash());
          s.setString(4, ModelJson.MAPPER.writeValueAsString(dag));
          s.setTimestamp(5, Timestamp.from(record.finishedAt()));
          s.setString(6, reference);
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot record import " + record.id() + ": " + e.getMessage(), e);
    }
  }

  Optional<ImportRecord> importRecord(String importId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT source, started_at, finished_at, result::text FROM dag_imports WHERE import_id = ?")) {
      s.setString(1, importId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<ImportRecord.DagResult> results = List.of(ModelJson.MAPPER.readValue(rs.getString(4), ImportRecord.DagResult[].class));
        return Optional.of(new ImportRecord(importId, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), results));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot read import " + importId + ": " + e.getMessage(), e);
    }
  }

  List<StoredDag> dags() {
    return select("SELECT * FROM imported_dags ORDER BY dag_id", null);
  }

  Optional<StoredDag> dag(String dagId) {
    return select("SELECT * FROM imported_dags WHERE dag_id = ?", dagId).stream().findFirst();
  }

  /**
   * Records which tasks of {@code dagId} run in the dataflow and how: no task means not migrated. A
   * shadow run that starts now (the DAG was not in shadow) gets {@code at} as its start.
   */
  void setMigration(String dagId, List<String> tasks, MigrationMode mode, Map<String, String> shadowTables, Instant at) {
    if (tasks.isEmpty() != (mode == MigrationMode.NOT_MIGRATED)) {
      throw new IllegalArgumentException("A DAG is migrated exactly when tasks of it are: " + tasks + " in mode " + mode);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("""
            UPDATE imported_dags SET migrated_tasks = ?, migrated_at = ?,
              shadow_started_at = CASE WHEN ? = 'SHADOW' AND migration_mode IS DISTINCT FROM 'SHADOW' THEN ? ELSE shadow_started_at END,
              cutover_at = CASE WHEN ? = 'NOT_MIGRATED' THEN NULL ELSE cutover_at END,
              migration_mode = ?, shadow_tables = CASE WHEN ? = 'SHADOW' THEN ?::jsonb ELSE shadow_tables END
            WHERE dag_id = ?""")) {
      String stored = mode == MigrationMode.NOT_MIGRATED ? null : mode.name();
      s.setArray(1, c.createArrayOf("text", tasks.toArray(String[]::new)));
      s.setTimestamp(2, tasks.isEmpty() ? null : Timestamp.from(at));
      s.setString(3, mode.name());
      s.setTimestamp(4, Timestamp.from(at));
      s.setString(5, mode.name());
      s.setString(6, stored);
      s.setString(7, mode.name());
      s.setString(8, ModelJson.MAPPER.writeValueAsString(shadowTables));
      s.setString(9, dagId);
      s.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot record the migration of DAG " + dagId + ": " + e.getMessage(), e);
    }
  }

  /** Records when {@code dagId} was cut over: the dataflow took over its tables from Airflow. */
  void setCutover(String dagId, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE imported_dags SET cutover_at = ? WHERE dag_id = ?")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setString(2, dagId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new MigrationException("Cannot record the cut-over of DAG " + dagId + ": " + e.getMessage(), e);
    }
  }

  /** Records that the gateway set {@code dagId}'s paused flag in Airflow to {@code paused}. */
  void setAirflowPaused(String dagId, boolean paused, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE imported_dags SET airflow_paused = ?, airflow_paused_at = ? WHERE dag_id = ?")) {
      s.setBoolean(1, paused);
      s.setTimestamp(2, Timestamp.from(at));
      s.setString(3, dagId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new MigrationException("Cannot record that DAG " + dagId + " was " + (paused ? "paused" : "unpaused") + " in Airflow: "
          + e.getMessage(), e);
    }
  }

  /**
   * Records whether {@code dagId}'s tasks that the dataflow does not run stay in Airflow (a per-task
   * cut-over). The DAG read back from Airflow is kept until the next import, which replaces the
   * imported definition again once the DAG is no longer split.
   */
  void setSplitInAirflow(String dagId, boolean split) {
    update(dagId, "UPDATE imported_dags SET split_in_airflow = ? WHERE dag_id = ?", s -> {
      s.setBoolean(1, split);
      s.setString(2, dagId);
    }, "record how the tasks of DAG " + dagId + " are split between the dataflow and Airflow");
  }

  /** Records {@code dag} as the DAG Airflow runs now, after a per-task cut-over of it. */
  void setAirflowDag(LegacyDag dag, Instant at) {
    String json;
    try {
      json = ModelJson.MAPPER.writeValueAsString(dag);
    } catch (JsonProcessingException e) {
      throw new MigrationException("Cannot record DAG " + dag.dagId() + " as Airflow runs it: " + e.getMessage(), e);
    }
    update(dag.dagId(), "UPDATE imported_dags SET airflow_dag = ?::jsonb, airflow_dag_at = ? WHERE dag_id = ?", s -> {
      s.setString(1, json);
      s.setTimestamp(2, Timestamp.from(at));
      s.setString(3, dag.dagId());
    }, "record DAG " + dag.dagId() + " as Airflow runs it");
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private void update(String dagId, String sql, Binder binder, String what) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      if (s.executeUpdate() != 1) {
        throw new java.util.NoSuchElementException("No imported DAG " + dagId);
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private List<StoredDag> select(String sql, String parameter) {
    List<StoredDag> dags = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (parameter != null) {
        s.setString(1, parameter);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timestamp migrated = rs.getTimestamp("migrated_at");
          String airflow = rs.getString("airflow");
          String mode = rs.getString("migration_mode");
          boolean paused = rs.getBoolean("airflow_paused");
          Optional<Boolean> airflowPaused = rs.wasNull() ? Optional.empty() : Optional.of(paused);
          dags.add(new StoredDag(
              ModelJson.MAPPER.readValue(rs.getString("dag"), LegacyDag.class),
              rs.getString("fingerprint"),
              rs.getString("import_id"),
              rs.getTimestamp("imported_at").toInstant(),
              List.of((String[]) rs.getArray("migrated_tasks").getArray()),
              Optional.ofNullable(migrated).map(Timestamp::toInstant),
              airflow == null ? Optional.empty() : Optional.of(ModelJson.MAPPER.readValue(airflow, AirflowReference.class)),
              mode == null ? MigrationMode.NOT_MIGRATED : MigrationMode.valueOf(mode),
              ModelJson.MAPPER.readValue(rs.getString("shadow_tables"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}),
              instant(rs, "shadow_started_at"),
              instant(rs, "cutover_at"),
              airflowPaused,
              instant(rs, "airflow_paused_at"),
              rs.getBoolean("split_in_airflow"),
              rs.getString("airflow_dag") == null ? Optional.empty()
                  : Optional.of(ModelJson.MAPPER.readValue(rs.getString("airflow_dag"), LegacyDag.class))));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot read imported DAGs: " + e.getMessage(), e);
    }
    return dags;
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }
}
