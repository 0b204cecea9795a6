package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.planner.state.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import io.dataflow.gateway.planner.state.StateStoreContract;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.Migrations;
import io.dataflow.gateway.server.state.JdbcStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/** The planner's state store contract, on the gateway's PostgreSQL with its migrated schema. */
class JdbcStateStoreIT extends StateStoreContract {

  private static PGSimpleDataSource dataSource;

  @Test
  void everyStateRoundTripsThroughPostgres() {
    StateStore store = newStore();
    DatasetId daily = DatasetId.of("analytics.daily");
    PartitionRef day10 = new PartitionRef(daily, PartitionKey.day("2024-01-10"));
    PartitionRef input = new PartitionRef(DatasetId.of("raw.transactions"), PartitionKey.day("2024-01-10"));
    Task task = new Task(new TaskId("t-1"), TransformId.of("daily"), daily,
        new TreeSet<>(List.of(PartitionKey.day("2024-01-10"), PartitionKey.day("2024-01-11"))),
        Task.Strategy.BATCHED_RANGE, "reads 2 partitions in one query", 2, 7);
    Provenance reads = Provenance.of("fp-1", Map.of(input, PartitionVersion.of(42, "c0ffee")));
    List<PartitionState> states = List.of(
        new PartitionState.Stale(),
        new PartitionState.Pending(task, Instant.parse("2024-01-10T03:00:00Z")),
        new PartitionState.Running(task, new RunId("run-9"), reads),
        new PartitionState.Failed("SYNTAX_ERROR: line 1:1", new TaskId("t-1")),
        new PartitionState.Blocked(input),
        new PartitionState.WaitingForData(DatasetId.of("raw.transactions"), new TreeSet<>(List.of(PartitionKey.day("2024-01-09")))),
        new PartitionState.Fresh());
    Optional<PartitionRecord> before = Optional.empty();
    List<Transition> applied = new java.util.ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      PartitionRecord after = new PartitionRecord(day10, states.get(i),
          i == states.size() - 1 ? Optional.of(PartitionVersion.of(43)) : Optional.empty(),
          i == states.size() - 1 ? Optional.of(reads) : Optional.empty());
      Transition transition = new Transition(before, after, new Cause.Run(new RunId("run-" + i)));
      store.apply(List.of(transition));
      applied.add(transition);
      assertThat(store.get(day10)).contains(after);
      before = Optional.of(after);
    }

    // each record before a transition is read back as the one after the transition before it
    assertThat(store.history(day10)).containsExactlyElementsOf(applied);
    PartitionRecord unpartitioned = PartitionRecord.newStale(new PartitionRef(DatasetId.of("analytics.ltv"), PartitionKey.unpartitioned()));
    store.apply(List.of(Transition.create(unpartitioned, new Cause.GraphChange(3))));
    assertThat(store.partitions(DatasetId.of("analytics.ltv"))).containsEntry(PartitionKey.unpartitioned(), unpartitioned);
    assertThat(store.history(unpartitioned.ref())).extracting(Transition::cause).containsExactly(new Cause.GraphChange(3));
  }

  /** Rows of the history as earlier versions wrote them, with the record before each: read as written. */
  @Test
  void aHistoryWrittenWithTheRecordBeforeEachTransitionReadsAsWritten() throws SQLException {
    StateStore store = newStore();
    PartitionRef day10 = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-10"));
    PartitionRecord stale = PartitionRecord.newStale(day10);
    store.apply(List.of(Transition.create(stale, new Cause.GraphChange(1))));
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      sql.executeUpdate("""
          INSERT INTO partition_transitions (dataset, partition_key, before_record, after_record, cause)
          SELECT dataset, partition_key, record, jsonb_set(record, '{state}', '{"kind": "FRESH"}'), '{"type": "graph-change", "version": 2}'
          FROM partition_states""");
    }
    List<Transition> history = store.history(day10);
    assertThat(history).hasSize(2);
    assertThat(history.get(0).before()).isEmpty();
    assertThat(history.get(1).before()).contains(stale);
    assertThat(history.get(1).after().kind()).isEqualTo(PartitionState.Kind.FRESH);
  }

  /**
   * A record stored as another document than this version writes (an earlier version's, here with a
   * field this one does not know) is still the record a transition expects; a record expected but not
   * tracked is a conflict.
   */
  @Test
  void aRecordStoredAsAnotherDocumentIsComparedAsARecord() throws SQLException {
    StateStore store = newStore();
    PartitionRef day10 = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-10"));
    PartitionRecord stale = PartitionRecord.newStale(day10);
    store.apply(List.of(Transition.create(stale, new Cause.GraphChange(1))));
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      sql.executeUpdate("UPDATE partition_states SET record = record || '{\"writtenBy\": \"an earlier version\"}'");
    }
    PartitionRecord fresh = stale.withState(PartitionState.fresh());

    store.apply(List.of(Transition.of(stale, fresh, new Cause.GraphChange(2))));

    assertThat(store.get(day10)).contains(fresh);
    PartitionRef day11 = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-11"));
    PartitionRecord untracked = PartitionRecord.newStale(day11);
    assertThatThrownBy(() -> store.apply(List.of(Transition.of(untracked, untracked.withState(PartitionState.fresh()),
        new Cause.GraphChange(3)))))
        .isInstanceOf(io.dataflow.gateway.planner.state.ConflictingTransitionException.class)
        .hasMessageContaining("expected STALE but found untracked");
    assertThat(store.get(day11)).isEmpty();
  }

  @Override
  protected StateStore newStore() {
    try {
      if (dataSource == null) {
        dataSource = createDatabase();
      }
      try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
        sql.execute("TRUNCATE partition_states, partition_transitions");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new JdbcStateStore(dataSource);
  }

  private static PGSimpleDataSource createDatabase() throws SQLException {
    SharedGateway gateway = SharedGateway.get();
    try (Connection postgres = gateway.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS state_it");
      sql.execute("CREATE DATABASE state_it");
    }
    String url = gateway.databaseUrl();
    url = url.substring(0, url.lastIndexOf('/') + 1) + "state_it";
    Migrations.migrate(new Database(url, "postgres", "", false));
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser("postgres");
    return source;
  }
}
