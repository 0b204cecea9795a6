package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.render.ExecutionRenderer;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.annotator.render.Transform;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.TrinoClient;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The example run the way its Airflow DAG runs it, on the same Trino and the same raw table but into
 * tables of its own ({@code iceberg.airflow_analytics}): one task instance per logical date in date
 * order, each one statement that the annotator renders for that one day (the single {@code MERGE}
 * the gateway would run for that partition, so that both sides write the same way), one at a time.
 * Airflow's own scheduling delay between task instances (seconds in practice) is not added: the
 * baseline is as fast as running the day's statements back to back can be.
 */
final class AirflowBaseline implements AutoCloseable {

  static final String SCHEMA = "airflow_analytics";
  /** Where {@link #warmUp} writes: tables nobody compares. */
  static final String WARM_UP_SCHEMA = "warmup_analytics";
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final BenchGateway gateway;
  private final EcommerceFlow flow;
  private final TrinoClient trino;
  private final ExecutionRenderer renderer;
  private final String schema;

  /** What a sequence of statements cost. */
  record Work(int statements, long wallMillis, long cpuMillis) {
    Work plus(Work other) {
      return new Work(statements + other.statements, wallMillis + other.wallMillis, cpuMillis + other.cpuMillis);
    }

    static Work none() {
      return new Work(0, 0, 0);
    }
  }

  /** The baseline writing into Trino schema {@code schema} of the gateway's catalog. */
  AirflowBaseline(BenchGateway gateway, EcommerceFlow flow, String schema) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.flow = requireNonNull(flow, "flow is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.trino = new TrinoClient(gateway.trinoJdbcUrl(), "bench-airflow", 1, Map.of());
    this.renderer = ExecutionRenderer.create(EcommerceExample.SCHEMA, this::table);
  }

  /** Raw tables are shared with the gateway; every analytics table has its own copy. */
  private TableName table(TableName legacy) {
    return new TableName(List.of("iceberg", legacy.parts().get(0).equals("raw") ? "raw" : schema, legacy.table()));
  }

  /** Creates the baseline's output tables, empty, partitioned like the gateway's. */
  void createTables() throws SQLException {
    List<String> statements = new ArrayList<>();
    statements.add("CREATE SCHEMA IF NOT EXISTS iceberg." + schema);
    for (String output : EcommerceFlow.OUTPUTS) {
      TableSchema table = EcommerceFlow.schema(output);
      String columns = table.columns().stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
      String partitioning = table.isPartitioned()
          ? " WITH (partitioning = ARRAY[" + table.partitionColumns().stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + "])"
          : "";
      statements.add("CREATE TABLE iceberg.%s.%s (%s)%s".formatted(schema, table.name().table(), columns, partitioning));
    }
    gateway.trinoExecute(statements.toArray(String[]::new));
  }

  /**
   * The whole history, as a catch-up of the DAG does it: for each day in order its daily, weekly
   * and week-over-week task, then the lifetime table once (it reads every day, so one run at the
   * end is all a catch-up needs of it).
   */
  Work backfill() {
    Work work = Work.none();
    for (int n = 1; n <= flow.days(); n++) {
      LocalDate day = flow.day(n);
      work = work.plus(run(EcommerceFlow.DAILY, day)).plus(run(EcommerceFlow.WEEKLY, day)).plus(run(EcommerceFlow.WOW, day));
    }
    return work.plus(run(EcommerceFlow.LIFETIME, flow.lastDay()));
  }

  /**
   * Brings a freshly started Trino to its working pace before anything is timed (its first
   * statements are several times slower while its code is compiled): both shapes of statement, the
   * baseline's one day and the gateway's batched range, of every task, into this baseline's tables.
   */
  Work warmUp() {
    Work work = Work.none();
    LocalDate last = flow.day(Math.min(flow.days(), 31));
    for (String table : List.of(EcommerceFlow.DAILY, EcommerceFlow.WEEKLY, EcommerceFlow.WOW)) {
      for (int n = 1; n <= Math.min(flow.days(), 5); n++) {
        work = work.plus(run(table, OutputScope.day(flow.day(n))));
      }
      work = work.plus(run(table, OutputScope.days(EcommerceFlow.FIRST_DAY, last)));
    }
    return work.plus(run(EcommerceFlow.LIFETIME, OutputScope.wholeTable(last)));
  }

  /** The task writing {@code table} for logical date {@code day}, as one statement, timed. */
  Work run(String table, LocalDate day) {
    return run(table, table.equals(EcommerceFlow.LIFETIME) ? OutputScope.wholeTable(day) : OutputScope.day(day));
  }

  private Work run(String table, OutputScope scope) {
    String sql = renderer.replace(Transform.of(EcommerceFlow.template(table), Dialect.TRINO), scope);
    long started = System.nanoTime();
    QueryResult result = trino.execute(sql, List.of(), TIMEOUT);
    long wall = (System.nanoTime() - started) / 1_000_000;
    return new Work(1, wall, result.statistics().cpuTime().toMillis());
  }

  @Override
  public void close() {
    trino.close();
  }
}
