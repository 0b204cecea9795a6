package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.state.JdbcStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the PostgreSQL calls on the reaction's path cost on this machine, measured beside the
 * gateway on its own database with the gateway's own state store (read-only calls) and pooled
 * connections like the gateway's: a round trip, a durable commit (the database runs with
 * {@code fsync} and {@code synchronous_commit} on), and the state reads the planner makes while it
 * takes in a snapshot and plans a wave. Each is the median of {@value #REPEAT} calls.
 */
final class PostgresProbe {

  private static final int REPEAT = 30;

  private final BenchGateway gateway;

  /**
   * @param medianMicros each call's median time, in microseconds
   * @param rows rows each state read returned
   */
  record Result(Map<String, Long> medianMicros, Map<String, Integer> rows) {
    Result {
      medianMicros = Map.copyOf(medianMicros);
      rows = Map.copyOf(rows);
    }
  }

  PostgresProbe(BenchGateway gateway) {
    this.gateway = requireNonNull(gateway, "gateway is null");
  }

  Result measure() throws SQLException {
    Map<String, Long> micros = new LinkedHashMap<>();
    Map<String, Integer> rows = new LinkedHashMap<>();
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("bench-probe");
    pool.setJdbcUrl(gateway.databaseUrl());
    pool.setUsername("postgres");
    pool.setPassword("");
    pool.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      micros.put("round trip (SELECT 1)", median(() -> execute(dataSource, "SELECT 1")));
      execute(dataSource, "CREATE TABLE IF NOT EXISTS bench_probe (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ DEFAULT now())");
      micros.put("durable commit (one-row INSERT)", median(() -> execute(dataSource, "INSERT INTO bench_probe DEFAULT VALUES")));
      execute(dataSource, "DROP TABLE bench_probe");

      JdbcStateStore states = new JdbcStateStore(dataSource);
      DatasetId raw = DatasetId.of("raw.transactions");
      DatasetId daily = DatasetId.of(EcommerceFlow.DAILY);
      PartitionKey someDay = states.partitions(daily).firstKey();
      var notFresh = EnumSet.complementOf(EnumSet.of(PartitionState.Kind.FRESH));
      micros.put("state of one partition (get)", median(() -> states.get(new PartitionRef(daily, someDay))));
      micros.put("partitions not fresh (inStates), idle", median(() -> states.inStates(notFresh)));
      rows.put("partitions not fresh (inStates), idle", states.inStates(notFresh).size());
      micros.put("every partition of raw.transactions (partitions)", median(() -> states.partitions(raw)));
      rows.put("every partition of raw.transactions (partitions)", states.partitions(raw).size());
      micros.put("every partition of " + EcommerceFlow.DAILY + " (partitions)", median(() -> states.partitions(daily)));
      rows.put("every partition of " + EcommerceFlow.DAILY + " (partitions)", states.partitions(daily).size());
    }
    return new Result(micros, rows);
  }

  private interface Call {
    void run() throws SQLException;
  }

  private static long median(Call call) throws SQLException {
    for (int i = 0; i < 5; i++) {
      call.run();
    }
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < REPEAT; i++) {
      long started = System.nanoTime();
      call.run();
      times.add((System.nanoTime() - started) / 1_000);
    }
    return times.stream().sorted().toList().get(REPEAT / 2);
  }

  private static void execute(HikariDataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
