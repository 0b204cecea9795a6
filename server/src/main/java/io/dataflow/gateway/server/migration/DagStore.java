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
import java.util.Optional;
import javax.sql.DataSource;

/** Imports and imported DAGs in PostgreSQL ({@code dag_imports}, {@code imported_dags}). */
final class DagStore {

  /** An imported DAG with its migration. */
  record StoredDag(LegacyDag dag, String fingerprint, String importId, Instant importedAt, List<String> migratedTasks,
      Optional<Instant> migratedAt) {
    StoredDag {
      requireNonNull(dag, "dag is null");
      migratedTasks = List.copyOf(migratedTasks);
    }
  }

  private final DataSource dataSource;

  DagStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Records an import and the DAGs it read, in one transaction. */
  void saveImport(ImportRecord record, List<LegacyDag> dags) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO dag_imports (import_id, source, started_at, finished_at, result) VALUES (?, ?, ?, ?, ?::jsonb)")) {
        s.setString(1, record.id());
        s.setString(2, record.source());
        s.setTimestamp(3, Timestamp.from(record.startedAt()));
        s.setTimestamp(4, Timestamp.from(record.finishedAt()));
        s.setString(5, ModelJson.MAPPER.writeValueAsString(record.dags()));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("""
          INSERT INTO imported_dags (dag_id, import_id, fingerprint, dag, imported_at) VALUES (?, ?, ?, ?::jsonb, ?)
          ON CONFLICT (dag_id) DO UPDATE SET import_id = EXCLUDED.import_id, fingerprint = EXCLUDED.fingerprint,
            dag = EXCLUDED.dag, imported_at = EXCLUDED.imported_at""")) {
        for (LegacyDag dag : dags) {
          s.setString(1, dag.dagId());
          s.setString(2, record.id());
          s.setString(3, Fingerprints.of(dag).hash());
          s.setString(4, ModelJson.MAPPER.writeValueAsString(dag));
          s.setTimestamp(5, Timestamp.from(record.finishedAt()));
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

  void setMigratedTasks(String dagId, List<String> tasks, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE imported_dags SET migrated_tasks = ?, migrated_at = ? WHERE dag_id = ?")) {
      s.setArray(1, c.createArrayOf("text", tasks.toArray(String[]::new)));
      s.setTimestamp(2, tasks.isEmpty() ? null : Timestamp.from(at));
      s.setString(3, dagId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new MigrationException("Cannot record the migration of DAG " + dagId + ": " + e.getMessage(), e);
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
          dags.add(new StoredDag(
              ModelJson.MAPPER.readValue(rs.getString("dag"), LegacyDag.class),
              rs.getString("fingerprint"),
              rs.getString("import_id"),
              rs.getTimestamp("imported_at").toInstant(),
              List.of((String[]) rs.getArray("migrated_tasks").getArray()),
              Optional.ofNullable(migrated).map(Timestamp::toInstant)));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new MigrationException("Cannot read imported DAGs: " + e.getMessage(), e);
    }
    return dags;
  }
}
