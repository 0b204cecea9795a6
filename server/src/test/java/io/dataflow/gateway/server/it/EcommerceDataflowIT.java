package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.RunRecord;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The e-commerce pipeline of the running example as a dataflow on the real Trino, Iceberg catalog
 * and PostgreSQL: thirty days of transactions computed from nothing, then restatements, a burst,
 * a compaction, a restatement that changes no total, late data and a failing task, each asserted
 * as the exact partitions that ran and the rows they hold.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcommerceDataflowIT {

  private static final String DAILY = "analytics.daily_customer_totals";
  private static final String WEEKLY = "analytics.weekly_customer_totals";
  private static final String WOW = "analytics.week_over_week";
  private static final String LIFETIME = "analytics.customer_lifetime_value";
  private static final Duration SETTLE = Duration.ofMinutes(5);

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    dataflow = gateway.dataflow();
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.raw",
        "CREATE TABLE iceberg.raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
            + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])",
        // 15,000 transactions of 40 customers over the thirty days 2024-01-01 .. 2024-01-30, one snapshot
        "INSERT INTO iceberg.raw.transactions SELECT orderkey, custkey % 40, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % 30) * INTERVAL '1' DAY FROM tpch.tiny.orders");
  }

  @Test
  @Order(1)
  void theWholeHistoryIsComputedOnceTheDataflowIsDefined() throws Exception {
    long mark = lastRunMark();
    DataflowDefinition.Result result = dataflow.define(new DataflowDefinition(
        List.of(
            task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS),
            task("weekly_customer_totals", EcommerceExample.WEEKLY_CUSTOMER_TOTALS),
            task("week_over_week", EcommerceExample.WEEK_OVER_WEEK),
            task("customer_lifetime_value", EcommerceExample.CUSTOMER_LIFETIME_VALUE)),
        List.of(schema(DAILY), schema(WEEKLY), schema(WOW), schema(LIFETIME))));
    assertThat(result.rejected()).isEmpty();
    assertThat(result.accepted()).hasSize(4);

    awaitSettled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(new TreeSet<>(ran.get(DAILY))).containsExactlyElementsOf(days("2024-01-01", "2024-01-30"));
    assertThat(new TreeSet<>(ran.get(WEEKLY))).containsExactlyElementsOf(days("2024-01-01", "2024-01-30"));
    assertThat(new TreeSet<>(ran.get(WOW))).containsExactlyElementsOf(days("2024-01-01", "2024-01-30"));
    assertThat(ran.get(LIFETIME)).hasSize(1);
    assertEveryPartitionFresh();
    assertOutputsEqualDirectComputation();
    assertThat(untaggedSnapshots(DAILY)).as("snapshots of the dataflow without its task id").isZero();
  }

  @Test
  @Order(2)
  void aRestatedDayRerunsExactlyTheDownstreamPartitionsThatReadIt() throws Exception {
    long mark = lastRunMark();
    gateway.trinoExecute("UPDATE iceberg.raw.transactions SET amount = amount + 1 WHERE day = DATE '2024-01-10'");
    awaitSettled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).containsExactly("2024-01-10");
    assertThat(ran.get(WEEKLY)).as("each weekly partition once").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(ran.get(WOW)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-23"));
    assertThat(ran.get(LIFETIME)).hasSize(1);
    assertEveryPartitionFresh();
    assertOutputsEqualDirectComputation();
  }

  @Test
  @Order(3)
  void aBurstOfRestatedDaysRerunsEachAffectedPartitionOnce() throws Exception {
    long mark = lastRunMark();
    // three commits in a row while the work they cause is pending
    dataflow.pause();
    try {
      for (String day : List.of("2024-01-10", "2024-01-11", "2024-01-12")) {
        gateway.trinoExecute("UPDATE iceberg.raw.transactions SET amount = amount * 2 WHERE day = DATE '" + day + "'");
      }
      awaitDelivered();
      assertThat(dataflow.partitions(DatasetId.of(WEEKLY)).values())
          .as("every affected partition is stale (or pending) at once, before anything runs")
          .filteredOn(r -> !(r.state() instanceof PartitionState.Fresh))
          .extracting(r -> r.ref().key().value())
          .containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-18"));
    } finally {
      dataflow.resume();
    }
    awaitSettled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-12"));
    assertThat(ran.get(WEEKLY)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-18"));
    assertThat(ran.get(WOW)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(days("2024-01-10", "2024-01-25"));
    assertThat(ran.get(LIFETIME)).hasSize(1);
    assertEveryPartitionFresh();
    assertOutputsEqualDirectComputation();
  }

  @Test
  @Order(4)
  void aCompactionRerunsNothing() throws Exception {
    long mark = lastRunMark();
    int replaces = replaceEvents();
    gateway.trinoExecute("ALTER TABLE iceberg.raw.transactions EXECUTE optimize");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (replaceEvents() == replaces && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(replaceEvents()).as("the compaction's replace snapshot was delivered").isGreaterThan(replaces);
    awaitSettled();
    assertThat(partitionsRunSince(mark)).isEmpty();
  }

  @Test
  @Order(5)
  void aRestatementThatChangesNoTotalStopsAtTheDailyTable() throws Exception {
    long mark = lastRunMark();
    // new transaction ids, same amounts: the raw partition changes, its daily totals do not
    gateway.trinoExecute("UPDATE iceberg.raw.transactions SET txn_id = txn_id + 1000000 WHERE day = DATE '2024-01-20'");
    awaitSettled();

    assertThat(partitionsRunSince(mark)).containsOnlyKeys(DAILY);
    assertThat(partitionsRunSince(mark).get(DAILY)).containsExactly("2024-01-20");
    assertEveryPartitionFresh();
    assertOutputsEqualDirectComputation();
  }

  @Test
  @Order(6)
  void lateDataForANewDayCreatesItsPartitionsDownstream() throws Exception {
    long mark = lastRunMark();
    gateway.trinoExecute("INSERT INTO iceberg.raw.transactions VALUES"
        + " (9000001, 1, 10.00, TIMESTAMP '2024-01-31 10:00:00', DATE '2024-01-31'),"
        + " (9000002, 2, 20.00, TIMESTAMP '2024-01-31 11:00:00', DATE '2024-01-31')");
    awaitSettled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).containsExactly("2024-01-31");
    assertThat(ran.get(WEEKLY)).containsExactly("2024-01-31");
    assertThat(ran.get(WOW)).containsExactly("2024-01-31");
    assertThat(ran.get(LIFETIME)).hasSize(1);
    assertEveryPartitionFresh();
    assertOutputsEqualDirectComputation();
  }

  @Test
  @Order(7)
  void aFailingTaskFailsItsPartitionsBlocksItsDownstreamAndResumesOnceFixed() throws Exception {
    String failing = """
        DELETE FROM analytics.average_ticket WHERE day = DATE '{{ ds }}';
        INSERT INTO analytics.average_ticket
        SELECT customer_id, day, total / (txn_count - txn_count) AS average
        FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}'""";
    String downstream = """
        DELETE FROM analytics.big_tickets WHERE day = DATE '{{ ds }}';
        INSERT INTO analytics.big_tickets
        SELECT customer_id, day FROM analytics.average_ticket WHERE day = DATE '{{ ds }}' AND average > 100""";
    TableSchema averageTicket = new TableSchema(TableName.of("analytics.average_ticket"),
        List.of(column("customer_id", "BIGINT"), column("day", "DATE"), column("average", "DECIMAL(38,6)")), List.of("day"));
    TableSchema bigTickets = new TableSchema(TableName.of("analytics.big_tickets"),
        List.of(column("customer_id", "BIGINT"), column("day", "DATE")), List.of("day"));
    long mark = lastRunMark();
    dataflow.define(new DataflowDefinition(
        List.of(task("average_ticket", failing), task("big_tickets", downstream)), List.of(averageTicket, bigTickets)));
    awaitSettled();

    Map<PartitionKey, PartitionRecord> average = dataflow.partitions(DatasetId.of("analytics.average_ticket"));
    assertThat(average).hasSize(31);
    assertThat(average.values()).allSatisfy(r -> {
      assertThat(r.state()).isInstanceOf(PartitionState.Failed.class);
      assertThat(((PartitionState.Failed) r.state()).error()).containsIgnoringCase("Division by zero");
    });
    assertThat(dataflow.partitions(DatasetId.of("analytics.big_tickets")).values())
        .hasSize(31)
        .allSatisfy(r -> assertThat(r.state()).isInstanceOf(PartitionState.Blocked.class));
    List<RunRecord> failedRuns = dataflow.runs(Optional.of("analytics.average_ticket"), Optional.of(RunRecord.State.FAILED), 1000);
    assertThat(failedRuns).isNotEmpty().allSatisfy(r -> {
      assertThat(r.errorKind()).contains("USER_ERROR");
      assertThat(r.attempt()).as("a SQL error is not retried").isEqualTo(1);
    });
    assertThat(partitionsRunSince(mark)).doesNotContainKey("analytics.big_tickets");

    dataflow.define(new DataflowDefinition(
        List.of(task("average_ticket", failing.replace("(txn_count - txn_count)", "txn_count"))), List.of()));
    awaitSettled();

    assertThat(dataflow.partitions(DatasetId.of("analytics.average_ticket")).values())
        .allSatisfy(r -> assertThat(r.state()).isInstanceOf(PartitionState.Fresh.class));
    assertThat(dataflow.partitions(DatasetId.of("analytics.big_tickets")).values())
        .hasSize(31)
        .allSatisfy(r -> assertThat(r.state()).isInstanceOf(PartitionState.Fresh.class));
    assertThat(count("SELECT count(*) FROM iceberg.analytics.big_tickets"))
        .isEqualTo(count("SELECT count(*) FROM iceberg.analytics.daily_customer_totals WHERE total / txn_count > 100"))
        .isPositive();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static TaskDefinition task(String name, String sql) {
    return TaskDefinition.of("ecommerce_daily." + name, sql, Dialect.TRINO);
  }

  private static io.dataflow.gateway.annotator.schema.ColumnSchema column(String name, String type) {
    return new io.dataflow.gateway.annotator.schema.ColumnSchema(name, type);
  }

  private static TableSchema schema(String table) {
    return EcommerceExample.SCHEMA.table(TableName.of(table)).orElseThrow();
  }

  private static List<String> days(String first, String last) {
    List<String> days = new ArrayList<>();
    for (LocalDate d = LocalDate.parse(first); !d.isAfter(LocalDate.parse(last)); d = d.plusDays(1)) {
      days.add(d.toString());
    }
    return days;
  }

  /** Waits until every recorded event is delivered to the dataflow. */
  private static void awaitDelivered() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!allEventsDelivered()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Snapshot events were not delivered to the dataflow within 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** Waits until every event is delivered to the dataflow and nothing is stale, pending or running. */
  private static void awaitSettled() throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The dataflow did not settle within " + SETTLE + "; runs: " + dataflow.runs(Optional.empty(), Optional.empty(), 20));
      }
      quiet = allEventsDelivered() && dataflow.isIdle() ? quiet + 1 : 0;
      Thread.sleep(300);
    }
  }

  private static boolean allEventsDelivered() throws SQLException {
    try (Connection db = database(); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT (SELECT coalesce(max(event_id), 0) FROM snapshot_events)"
            + " <= (SELECT coalesce(max(last_event_id), 0) FROM event_cursors WHERE subscriber = 'dataflow')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static int replaceEvents() throws SQLException {
    try (Connection db = database(); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT count(*) FROM snapshot_events WHERE table_name = 'raw.transactions' AND operation = 'replace'"
            + " AND event_id <= (SELECT last_event_id FROM event_cursors WHERE subscriber = 'dataflow')")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long lastRunMark() throws SQLException {
    try (Connection db = database(); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT count(*) FROM dataflow_runs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The partitions each dataset's successful runs replaced, among the runs after the first {@code mark}. */
  private static Map<String, List<String>> partitionsRunSince(long mark) {
    List<RunRecord> runs = new ArrayList<>(dataflow.runs(Optional.empty(), Optional.empty(), 100_000));
    java.util.Collections.reverse(runs);
    return runs.subList((int) Math.min(mark, runs.size()), runs.size()).stream()
        .filter(r -> r.state() == RunRecord.State.SUCCEEDED)
        .collect(Collectors.groupingBy(RunRecord::dataset, TreeMap::new,
            Collectors.flatMapping(r -> r.partitions().stream(), Collectors.toList())));
  }

  private static void assertEveryPartitionFresh() {
    for (String dataset : List.of(DAILY, WEEKLY, WOW, LIFETIME)) {
      assertThat(dataflow.partitions(DatasetId.of(dataset)).values())
          .as(dataset)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.state()).as(r.ref().toString()).isInstanceOf(PartitionState.Fresh.class));
    }
  }

  /** Every output table holds exactly what the example's SQL computes directly from the raw data. */
  private static void assertOutputsEqualDirectComputation() throws SQLException {
    String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM iceberg.raw.transactions GROUP BY customer_id, day";
    String weekly = "SELECT t.customer_id, d.day, sum(t.total) AS total_7d FROM (" + daily + ") t"
        + " JOIN (SELECT DISTINCT day FROM iceberg.raw.transactions) d ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day"
        + " GROUP BY t.customer_id, d.day";
    String wow = "SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d, cur.total_7d - coalesce(prev.total_7d, 0)"
        + " FROM (" + weekly + ") cur LEFT JOIN (" + weekly + ") prev ON prev.customer_id = cur.customer_id AND prev.day = cur.day - INTERVAL '7' DAY";
    String lifetime = "SELECT customer_id, sum(total), min(day), max(day) FROM (" + daily + ") GROUP BY customer_id";
    gateway.assertSameRows("iceberg." + DAILY, "customer_id, day, total, txn_count", daily);
    gateway.assertSameRows("iceberg." + WEEKLY, "customer_id, day, total_7d", weekly);
    gateway.assertSameRows("iceberg." + WOW, "customer_id, day, total_7d, prev_total_7d, change", wow);
    gateway.assertSameRows("iceberg." + LIFETIME, "customer_id, lifetime_total, first_day, last_day", lifetime);
  }

  private static long untaggedSnapshots(String table) throws SQLException {
    return count("SELECT count(*) FROM iceberg.analytics.\"" + table.substring(table.indexOf('.') + 1) + "$snapshots\""
        + " WHERE element_at(summary, 'gateway.task-id') IS NULL AND element_at(summary, 'trino_query_id') IS NOT NULL");
  }

  private static long count(String sql) throws SQLException {
    return gateway.trinoLong(sql);
  }

  private static Connection database() throws SQLException {
    return DriverManager.getConnection(gateway.databaseUrl(), "postgres", "");
  }

}
