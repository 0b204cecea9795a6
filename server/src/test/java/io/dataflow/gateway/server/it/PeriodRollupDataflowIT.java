package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.RunRecord;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rollups whose output partitions are periods of the logical date, as a dataflow on the real Trino,
 * Iceberg catalog and PostgreSQL: the e-commerce daily totals over January and February 2024, a
 * monthly rollup that writes {@code date_trunc('month', ds)}, a weekly one that writes the ISO week
 * of each day it reads, a task that reads the monthly table by month and a yearly rollup of the
 * months. Each table is partitioned by what its task writes, a restated day reruns exactly its day,
 * week, month and year, and every table equals its computation from scratch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeriodRollupDataflowIT {

  private static final String RAW = "mr_raw.transactions";
  private static final String DAILY = "mr_analytics.daily_customer_totals";
  private static final String MONTHLY = "mr_analytics.monthly_customer_totals";
  private static final String WEEKLY = "mr_analytics.weekly_customer_totals";
  private static final String EVEN = "mr_analytics.even_customers_monthly";
  private static final String YEARLY = "mr_analytics.yearly_customer_totals";
  private static final Duration SETTLE = Duration.ofMinutes(5);

  private static final String DAILY_SQL = """
      DELETE FROM mr_analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';
      INSERT INTO mr_analytics.daily_customer_totals
      SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count
      FROM mr_raw.transactions
      WHERE day = DATE '{{ ds }}'
      GROUP BY customer_id""";

  /** The month is the logical date's. */
  private static final String MONTHLY_SQL = """
      DELETE FROM mr_analytics.monthly_customer_totals WHERE month = date_trunc('month', DATE '{{ ds }}');
      INSERT INTO mr_analytics.monthly_customer_totals
      SELECT customer_id, date_trunc('month', DATE '{{ ds }}') AS month, SUM(total) AS total
      FROM mr_analytics.daily_customer_totals
      WHERE day >= date_trunc('month', DATE '{{ ds }}') AND day < date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH
      GROUP BY customer_id""";

  /** The week is each input day's. */
  private static final String WEEKLY_SQL = """
      DELETE FROM mr_analytics.weekly_customer_totals WHERE week = date_trunc('week', DATE '{{ ds }}');
      INSERT INTO mr_analytics.weekly_customer_totals
      SELECT customer_id, date_trunc('week', day) AS week, SUM(total) AS total
      FROM mr_analytics.daily_customer_totals
      WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}')
      GROUP BY customer_id, date_trunc('week', day)""";

  /** Reads the monthly table by month. */
  private static final String EVEN_SQL = """
      DELETE FROM mr_analytics.even_customers_monthly WHERE month = date_trunc('month', DATE '{{ ds }}');
      INSERT INTO mr_analytics.even_customers_monthly
      SELECT customer_id, date_trunc('month', DATE '{{ ds }}') AS month, total
      FROM mr_analytics.monthly_customer_totals
      WHERE month = date_trunc('month', DATE '{{ ds }}') AND customer_id % 2 = 0""";

  /** Reads the months of the year. */
  private static final String YEARLY_SQL = """
      DELETE FROM mr_analytics.yearly_customer_totals WHERE year = date_trunc('year', DATE '{{ ds }}');
      INSERT INTO mr_analytics.yearly_customer_totals
      SELECT customer_id, date_trunc('year', DATE '{{ ds }}') AS year, SUM(total) AS total
      FROM mr_analytics.monthly_customer_totals
      WHERE month >= date_trunc('year', DATE '{{ ds }}') AND month < date_trunc('year', DATE '{{ ds }}') + INTERVAL '1' YEAR
      GROUP BY customer_id""";

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;
  private static GatewayWaits waits;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    dataflow = gateway.dataflow();
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setURL(gateway.databaseUrl());
    database.setUser("postgres");
    waits = new GatewayWaits(database, dataflow, SETTLE);
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.mr_raw",
        "CREATE TABLE iceberg.mr_raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), day DATE)"
            + " WITH (partitioning = ARRAY['day'])",
        // 15,000 transactions of 40 customers over the sixty days 2024-01-01 .. 2024-02-29, one snapshot
        "INSERT INTO iceberg.mr_raw.transactions SELECT orderkey, custkey % 40, CAST(totalprice AS DECIMAL(12,2)),"
            + " DATE '2024-01-01' + (orderkey % 60) * INTERVAL '1' DAY FROM tpch.tiny.orders");
  }

  @Test
  @Order(1)
  void eachRollupIsPartitionedByThePeriodItWritesAndComputedOncePerPeriod() throws Exception {
    long mark = runCount();
    DataflowDefinition.Result result = dataflow.define(new DataflowDefinition(
        List.of(task("daily_customer_totals", DAILY_SQL), task("monthly_customer_totals", MONTHLY_SQL),
            task("weekly_customer_totals", WEEKLY_SQL), task("even_customers_monthly", EVEN_SQL),
            task("yearly_customer_totals", YEARLY_SQL)),
        List.of(
            table(DAILY, "day", "customer_id BIGINT", "day DATE", "total DECIMAL(18,2)", "txn_count BIGINT"),
            table(MONTHLY, "month", "customer_id BIGINT", "month DATE", "total DECIMAL(18,2)"),
            table(WEEKLY, "week", "customer_id BIGINT", "week DATE", "total DECIMAL(18,2)"),
            table(EVEN, "month", "customer_id BIGINT", "month DATE", "total DECIMAL(18,2)"),
            table(YEARLY, "year", "customer_id BIGINT", "year DATE", "total DECIMAL(18,2)"))));
    assertThat(result.rejected()).isEmpty();
    assertThat(result.accepted()).hasSize(5);

    waits.settled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(days("2024-01-01", "2024-02-29"));
    assertThat(ran.get(MONTHLY)).containsExactlyInAnyOrder("2024-01", "2024-02");
    // 2024-01-01 is the Monday of ISO week 1; 2024-02-29 a Thursday of week 9
    assertThat(ran.get(WEEKLY)).containsExactlyInAnyOrder(
        "2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05", "2024-W06", "2024-W07", "2024-W08", "2024-W09");
    assertThat(ran.get(EVEN)).containsExactlyInAnyOrder("2024-01", "2024-02");
    assertThat(ran.get(YEARLY)).containsExactly("2024");

    assertThat(gateway.getJson("/api/v1/datasets/" + MONTHLY).path("partitioning").path("granularity").asText()).isEqualTo("month");
    assertThat(gateway.getJson("/api/v1/datasets/" + WEEKLY).path("partitioning").path("granularity").asText()).isEqualTo("week");
    assertThat(partitionStates(MONTHLY)).containsExactly(Map.entry("2024-01", "FRESH"), Map.entry("2024-02", "FRESH"));
    assertThat(partitionStates(YEARLY)).containsExactly(Map.entry("2024", "FRESH"));
    assertThat(partitionStates(WEEKLY)).hasSize(9).containsEntry("2024-W05", "FRESH").allSatisfy((k, v) -> assertThat(v).isEqualTo("FRESH"));
    assertEveryPartitionFresh();
    assertOutputsEqualComputationFromScratch();
  }

  @Test
  @Order(2)
  void aRestatedDayOfJanuaryRerunsItsDayWeekMonthAndYearAndLeavesFebruaryAlone() throws Exception {
    List<String> februaryFiles = files("monthly_customer_totals", "month", "2024-02-01");
    assertThat(februaryFiles).isNotEmpty();
    long mark = runCount();

    gateway.trinoExecute("UPDATE iceberg.mr_raw.transactions SET amount = amount + 1 WHERE day = DATE '2024-01-10'");
    waits.settled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).containsExactly("2024-01-10");
    assertThat(ran.get(MONTHLY)).containsExactly("2024-01");
    assertThat(ran.get(WEEKLY)).containsExactly("2024-W02");
    assertThat(ran.get(EVEN)).containsExactly("2024-01");
    assertThat(ran.get(YEARLY)).containsExactly("2024");
    assertThat(files("monthly_customer_totals", "month", "2024-02-01")).as("the data files of February").isEqualTo(februaryFiles);
    assertThat(dataflow.runs(Optional.of(MONTHLY), Optional.of(RunRecord.State.SUCCEEDED), 1).getFirst().partitions())
        .containsExactly("2024-01");
    assertEveryPartitionFresh();
    assertOutputsEqualComputationFromScratch();
  }

  @Test
  @Order(3)
  void aRestatedDayWhoseWeekSpansTwoMonthsRerunsBothMonthsThroughItsDaysAndTheWeekOnce() throws Exception {
    long mark = runCount();
    // week 5 runs from Monday 2024-01-29 to Sunday 2024-02-04
    gateway.trinoExecute("UPDATE iceberg.mr_raw.transactions SET amount = amount + 2 WHERE day IN (DATE '2024-01-31', DATE '2024-02-01')");
    waits.settled();

    Map<String, List<String>> ran = partitionsRunSince(mark);
    assertThat(ran.get(DAILY)).containsExactlyInAnyOrder("2024-01-31", "2024-02-01");
    assertThat(ran.get(MONTHLY)).containsExactlyInAnyOrder("2024-01", "2024-02");
    assertThat(ran.get(WEEKLY)).containsExactly("2024-W05");
    assertThat(ran.get(YEARLY)).containsExactly("2024");
    assertEveryPartitionFresh();
    assertOutputsEqualComputationFromScratch();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static TaskDefinition task(String name, String sql) {
    return TaskDefinition.of("period_rollups." + name, sql, Dialect.TRINO);
  }

  private static TableSchema table(String name, String partitionColumn, String... columns) {
    List<ColumnSchema> list = new ArrayList<>();
    for (String column : columns) {
      String[] parts = column.split(" ", 2);
      list.add(new ColumnSchema(parts[0], parts[1]));
    }
    return new TableSchema(TableName.of(name), list, List.of(partitionColumn));
  }

  private static List<String> days(String first, String last) {
    List<String> days = new ArrayList<>();
    for (LocalDate d = LocalDate.parse(first); !d.isAfter(LocalDate.parse(last)); d = d.plusDays(1)) {
      days.add(d.toString());
    }
    return days;
  }

  private static long runCount() {
    return waits.scalar("SELECT count(*) FROM dataflow_runs");
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

  /** Each partition's state as {@code GET /api/v1/datasets/{id}/partitions} answers it, by partition. */
  private static Map<String, String> partitionStates(String dataset) {
    JsonNode page = gateway.getJson("/api/v1/datasets/" + dataset + "/partitions?limit=500");
    return StreamSupport.stream(page.path("items").spliterator(), false)
        .collect(Collectors.toMap(p -> p.path("partition").asText(), p -> p.path("state").asText(), (a, b) -> a, TreeMap::new));
  }

  private static void assertEveryPartitionFresh() {
    for (String dataset : List.of(DAILY, MONTHLY, WEEKLY, EVEN, YEARLY)) {
      assertThat(dataflow.partitions(DatasetId.of(dataset)).values())
          .as(dataset)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.state()).as(r.ref().toString()).isInstanceOf(PartitionState.Fresh.class));
    }
  }

  /** The data files of one partition of an output table. */
  private static List<String> files(String table, String column, String value) throws Exception {
    List<String> files = new ArrayList<>();
    try (var connection = gateway.trino();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT file_path FROM iceberg.mr_analytics.\"" + table + "$files\""
            + " WHERE partition." + column + " = DATE '" + value + "' ORDER BY file_path")) {
      while (rows.next()) {
        files.add(rows.getString(1));
      }
    }
    return files;
  }

  /** Every output table holds exactly what its SQL computes directly from the raw transactions. */
  private static void assertOutputsEqualComputationFromScratch() throws Exception {
    String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM iceberg." + RAW + " GROUP BY customer_id, day";
    String monthly = "SELECT customer_id, date_trunc('month', day) AS month, sum(amount) AS total FROM iceberg." + RAW
        + " GROUP BY customer_id, date_trunc('month', day)";
    String weekly = "SELECT customer_id, date_trunc('week', day) AS week, sum(amount) AS total FROM iceberg." + RAW
        + " GROUP BY customer_id, date_trunc('week', day)";
    String even = "SELECT customer_id, month, total FROM (" + monthly + ") WHERE customer_id % 2 = 0";
    String yearly = "SELECT customer_id, date_trunc('year', day) AS year, sum(amount) AS total FROM iceberg." + RAW
        + " GROUP BY customer_id, date_trunc('year', day)";
    gateway.assertSameRows("iceberg." + DAILY, "customer_id, day, total, txn_count", daily);
    gateway.assertSameRows("iceberg." + MONTHLY, "customer_id, month, total", monthly);
    gateway.assertSameRows("iceberg." + WEEKLY, "customer_id, week, total", weekly);
    gateway.assertSameRows("iceberg." + EVEN, "customer_id, month, total", even);
    gateway.assertSameRows("iceberg." + YEARLY, "customer_id, year, total", yearly);
  }
}
