package io.dataflow.gateway.server.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.ConflictingTransitionException;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Partition states in PostgreSQL ({@code partition_states}, {@code partition_transitions}). A batch
 * of transitions is one transaction that locks the partitions it changes, checks that each is still
 * as its transition expects and records the transition with its cause, so that the state API and
 * the history never disagree and two planners cannot overwrite each other.
 */
public final class JdbcStateStore implements StateStore {

  private final DataSource dataSource;

  public JdbcStateStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * The text {@code partition_states.partition_key} holds for {@code key}, for queries of other
   * tables of the gateway that select partitions by key.
   */
  public static String keyColumn(PartitionKey key) {
    return StateJson.keyColumn(key);
  }

  @Override
  public Optional<PartitionRecord> get(PartitionRef partition) {
    List<PartitionRecord> found = query(
        "SELECT record::text FROM partition_states WHERE dataset = ? AND partition_key = ?",
        partition.dataset().name(), StateJson.keyColumn(partition.key()));
    return found.stream().findFirst();
  }

  @Override
  public NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
    NavigableMap<PartitionKey, PartitionRecord> partitions = new TreeMap<>();
    for (PartitionRecord record : query("SELECT record::text FROM partition_states WHERE dataset = ?", dataset.name())) {
      partitions.put(record.ref().key(), record);
    }
    return partitions;
  }

  /**
   * The page read over the primary key {@code (dataset, partition_key)} from the cursor on, so that a
   * page costs its own rows however many partitions the dataset has. A dataset's keys share one unit
   * and one width ({@code DAY:2024-01-10T00:00}), so their text order is their time order.
   */
  @Override
  public List<PartitionRecord> partitions(DatasetId dataset, Optional<PartitionState.Kind> state, Optional<PartitionKey> after,
      int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid page of partitions of " + dataset + ": limit " + limit + ", expected at least 1");
    }
    String sql = "SELECT record::text FROM partition_states WHERE dataset = ?"
        + (after.isPresent() ? " AND partition_key > ?" : "")
        + (state.isPresent() ? " AND state = ?" : "")
        + " ORDER BY partition_key LIMIT ?";
    List<PartitionRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      statement.setString(parameter++, dataset.name());
      if (after.isPresent()) {
        statement.setString(parameter++, StateJson.keyColumn(after.get()));
      }
      if (state.isPresent()) {
        statement.setString(parameter++, state.get().name());
      }
      statement.setInt(parameter, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(StateJson.record(StateJson.read(rows.getString(1))));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read a page of the partitions of " + dataset, e);
    }
    return records;
  }

  /** How many partitions of {@code dataset} are tracked, counted in PostgreSQL over the primary key. */
  public long count(DatasetId dataset) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM partition_states WHERE dataset = ?")) {
      statement.setString(1, dataset.name());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot count the partitions of " + dataset, e);
    }
  }

  @Override
  public List<PartitionRecord> inStates(Set<PartitionState.Kind> kinds) {
    if (kinds.isEmpty()) {
      return List.of();
    }
    String[] names = kinds.stream().map(Enum::name).toArray(String[]::new);
    List<PartitionRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT record::text FROM partition_states WHERE state = ANY (?)")) {
      statement.setArray(1, connection.createArrayOf("text", names));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(StateJson.record(StateJson.read(rows.getString(1))));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read partitions in states " + kinds, e);
    }
    records.sort(Comparator.comparing(PartitionRecord::ref));
    return records;
  }

  /**
   * How many partitions are in each state, in one grouped query (over the index on {@code state}), for
   * metrics scraped every few seconds; states no partition is in are left out.
   */
  public Map<PartitionState.Kind, Long> countByState() {
    Map<PartitionState.Kind, Long> counts = new EnumMap<>(PartitionState.Kind.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT state, count(*) FROM partition_states GROUP BY state");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        counts.put(PartitionState.Kind.valueOf(rows.getString(1)), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot count partitions by state", e);
    }
    return counts;
  }

  /** The keys alone, over the primary key: no record is read or parsed. */
  @Override
  public NavigableSet<PartitionKey> keys(DatasetId dataset) {
    NavigableSet<PartitionKey> keys = new TreeSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT partition_key FROM partition_states WHERE dataset = ?")) {
      statement.setString(1, dataset.name());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(StateJson.keyOf(rows.getString(1)));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read the partition keys of " + dataset, e);
    }
    return keys;
  }

  /** One query for all of them, over the primary key: no record is read or parsed. */
  @Override
  public Map<DatasetId, NavigableSet<PartitionKey>> keys(Collection<DatasetId> datasets) {
    Map<DatasetId, NavigableSet<PartitionKey>> keys = new HashMap<>();
    datasets.forEach(d -> keys.put(d, new TreeSet<>()));
    if (datasets.isEmpty()) {
      return keys;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT dataset, partition_key FROM partition_states WHERE dataset = ANY (?)")) {
      statement.setArray(1, connection.createArrayOf("text", datasets.stream().map(DatasetId::name).toArray(String[]::new)));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.get(DatasetId.of(rows.getString(1))).add(StateJson.keyOf(rows.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read the partition keys of " + datasets, e);
    }
    return keys;
  }

  /** One query for all of them, whatever their datasets. */
  @Override
  public Map<PartitionRef, PartitionRecord> getAll(Collection<PartitionRef> partitions) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<PartitionRef, PartitionRecord> found = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT s.record::text FROM partition_states s JOIN unnest(?::text[], ?::text[]) AS k(dataset, partition_key)"
                + " ON s.dataset = k.dataset AND s.partition_key = k.partition_key")) {
      statement.setArray(1, connection.createArrayOf("text", partitions.stream().map(r -> r.dataset().name()).toArray(String[]::new)));
      statement.setArray(2, connection.createArrayOf("text", partitions.stream().map(r -> StateJson.keyColumn(r.key())).toArray(String[]::new)));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          PartitionRecord record = StateJson.record(StateJson.read(rows.getString(1)));
          found.put(record.ref(), record);
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read " + partitions.size() + " partition state(s)", e);
    }
    return found;
  }

  /**
   * Two statements whatever the size of the batch: one locking read of every partition changed, and
   * one multi-row upsert of the states with the multi-row insert of the transitions, the values
   * bound as arrays.
   */
  @Override
  public void apply(List<Transition> transitions) {
    Set<PartitionRef> seen = new HashSet<>();
    for (Transition transition : transitions) {
      if (!seen.add(transition.after().ref())) {
        throw new IllegalArgumentException("Two transitions in one batch for " + transition.after().ref());
      }
    }
    if (transitions.isEmpty()) {
      return;
    }
    List<Row> rows = transitions.stream().map(Row::of).toList();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        checkExpected(connection, rows);
        write(connection, rows);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot apply " + transitions.size() + " partition transition(s)", e);
    }
  }

  /** One transition as the columns it writes. */
  private record Row(Transition transition, String dataset, String key, String state, String before, String after) {
    static Row of(Transition transition) {
      PartitionRecord after = transition.after();
      return new Row(transition, after.ref().dataset().name(), StateJson.keyColumn(after.ref().key()), after.kind().name(),
          transition.before().map(b -> StateJson.write(StateJson.record(b))).orElse(null),
          StateJson.write(StateJson.record(after)));
    }
  }

  private static java.sql.Array texts(Connection connection, List<Row> rows, java.util.function.Function<Row, String> column)
      throws SQLException {
    return connection.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
  }

  /**
   * Locks every partition of the batch that is tracked and checks that each is in the state its
   * transition expects. PostgreSQL compares each record with the expected one as {@code jsonb}, and
   * returns only the records that differ, to be compared as records: the same record written by an
   * earlier version of the gateway may be another document.
   */
  private static void checkExpected(Connection connection, List<Row> rows) throws SQLException {
    Map<List<String>, Row> byColumns = new HashMap<>();
    rows.forEach(row -> byColumns.put(List.of(row.dataset(), row.key()), row));
    Set<Row> found = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    // Locked in one fixed order (dataset, then key, as PostgreSQL sorts them) so that two batches
    // never wait on each other in a cycle.
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT s.dataset, s.partition_key, CASE WHEN s.record = CAST(k.expected AS jsonb) THEN NULL ELSE s.record::text END"
            + " FROM partition_states s JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(dataset, partition_key, expected)"
            + " ON s.dataset = k.dataset AND s.partition_key = k.partition_key"
            + " ORDER BY s.dataset, s.partition_key FOR UPDATE OF s")) {
      statement.setArray(1, texts(connection, rows, Row::dataset));
      statement.setArray(2, texts(connection, rows, Row::key));
      statement.setArray(3, texts(connection, rows, Row::before));
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Row row = byColumns.get(List.of(result.getString(1), result.getString(2)));
          if (row == null) {
            continue;
          }
          found.add(row);
          String differing = result.getString(3);
          if (differing != null) {
            PartitionRecord current = StateJson.record(StateJson.read(differing));
            if (!row.transition().before().equals(Optional.of(current))) {
              throw conflict(row, current.kind().name());
            }
          }
        }
      }
    }
    for (Row row : rows) {
      if (row.before() != null && !found.contains(row)) {
        throw conflict(row, "untracked");
      }
    }
  }

  private static ConflictingTransitionException conflict(Row row, String found) {
    Transition transition = row.transition();
    return new ConflictingTransitionException(transition.after().ref(), "expected %s but found %s".formatted(
        transition.before().map(r -> r.kind().name()).orElse("untracked"), found));
  }

  /**
   * The states and their transitions in one statement. A transition is stored with its cause and the
   * record after it; the record before it is the one after the partition's previous transition (every
   * change of {@code partition_states} goes through here), which {@link #history} reads back, so
   * that marking a cascade stale writes each record once instead of twice. Each record is sent and
   * read as {@code jsonb} once, for both tables.
   */
  private static void write(Connection connection, List<Row> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
            """
            WITH r AS (
              SELECT dataset, partition_key, state, CAST(record AS jsonb) AS record, CAST(cause AS jsonb) AS cause, position
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                AS r(dataset, partition_key, state, record, cause, position)
            ), states AS (
              INSERT INTO partition_states (dataset, partition_key, state, record, updated_at)
              SELECT dataset, partition_key, state, record, now() FROM r
              ON CONFLICT (dataset, partition_key) DO UPDATE
                SET state = excluded.state, record = excluded.record, updated_at = excluded.updated_at
            )
            INSERT INTO partition_transitions (dataset, partition_key, after_record, cause)
            SELECT dataset, partition_key, record, cause FROM r ORDER BY position
            """)) {
      statement.setArray(1, texts(connection, rows, Row::dataset));
      statement.setArray(2, texts(connection, rows, Row::key));
      statement.setArray(3, texts(connection, rows, Row::state));
      statement.setArray(4, texts(connection, rows, Row::after));
      statement.setArray(5, texts(connection, rows, r -> StateJson.write(StateJson.cause(r.transition().cause()))));
      statement.executeUpdate();
    }
  }

  @Override
  public List<Transition> history(PartitionRef partition) {
    List<Transition> transitions = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            // before_record is stored by earlier versions only; else the record after the transition before
            "SELECT COALESCE(before_record, LAG(after_record) OVER (ORDER BY transition_id))::text,"
                + " after_record::text, cause::text FROM partition_transitions"
                + " WHERE dataset = ? AND partition_key = ? ORDER BY transition_id")) {
      statement.setString(1, partition.dataset().name());
      statement.setString(2, StateJson.keyColumn(partition.key()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String before = rows.getString(1);
          transitions.add(new Transition(
              before == null ? Optional.empty() : Optional.of(StateJson.record(StateJson.read(before))),
              StateJson.record(StateJson.read(rows.getString(2))),
              StateJson.cause(StateJson.read(rows.getString(3)))));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read the history of " + partition, e);
    }
    return transitions;
  }

  private List<PartitionRecord> query(String sql, String... parameters) {
    List<PartitionRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(StateJson.record(StateJson.read(rows.getString(1))));
        }
      }
    } catch (SQLException e) {
      throw new StateStoreException("Cannot read partition states", e);
    }
    return records;
  }

  /** PostgreSQL could not be read or written. */
  public static final class StateStoreException extends RuntimeException {
    StateStoreException(String message, SQLException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
