package io.dataflow.gateway.server.bench;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The running example as the benchmark uses it: the raw transactions loaded from TPC-H orders over
 * {@code days} days from {@link #FIRST_DAY}, the four SQL tasks of {@code ecommerce_daily} with their
 * declared output schemas, and the same results computed from scratch in one query per table.
 *
 * @param days how many days of transactions are loaded
 * @param orders the TPC-H schema the orders come from ({@code tiny}, {@code sf1}, …)
 */
record EcommerceFlow(int days, String orders) {

  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
  static final String DAILY = "analytics.daily_customer_totals";
  static final String WEEKLY = "analytics.weekly_customer_totals";
  static final String WOW = "analytics.week_over_week";
  static final String LIFETIME = "analytics.customer_lifetime_value";
  static final List<String> OUTPUTS = List.of(DAILY, WEEKLY, WOW, LIFETIME);
  /** The most days one loading statement writes: Trino's Iceberg writer opens at most 100 partitions at once. */
  private static final int LOAD_CHUNK_DAYS = 60;

  EcommerceFlow {
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("Invalid number of days " + days + ": expected 1..3660");
    }
    if (!orders.matches("tiny|sf[0-9.]+")) {
      throw new IllegalArgumentException("Invalid TPC-H schema '" + orders + "': expected tiny or sfN (sf0.1, sf1…)");
    }
  }

  LocalDate lastDay() {
    return FIRST_DAY.plusDays(days - 1L);
  }

  /** The {@code n}-th day of the loaded range, counting from 1. */
  LocalDate day(int n) {
    if (n < 1 || n > days) {
      throw new IllegalArgumentException("Day " + n + " is outside the loaded range 1.." + days);
    }
    return FIRST_DAY.plusDays(n - 1L);
  }

  /** The statements that create and fill {@code iceberg.raw.transactions}: one snapshot per chunk of days. */
  List<String> loadStatements() {
    List<String> statements = new ArrayList<>();
    statements.add("CREATE SCHEMA IF NOT EXISTS iceberg.raw");
    statements.add("CREATE TABLE iceberg.raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
        + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])");
    for (int from = 0; from < days; from += LOAD_CHUNK_DAYS) {
      int to = Math.min(days, from + LOAD_CHUNK_DAYS) - 1;
      statements.add(("INSERT INTO iceberg.raw.transactions SELECT orderkey, custkey, CAST(totalprice AS DECIMAL(12,2)),"
          + " CAST(orderdate AS TIMESTAMP(6)), DATE '%s' + (orderkey %% %d) * INTERVAL '1' DAY FROM tpch.%s.orders"
          + " WHERE orderkey %% %d BETWEEN %d AND %d").formatted(FIRST_DAY, days, quoted(orders), days, from, to));
    }
    return statements;
  }

  private static String quoted(String schema) {
    return "\"" + schema + "\"";
  }

  /** The four SQL tasks of the example with their output tables, for the gateway. */
  static DataflowDefinition definition() {
    return new DataflowDefinition(
        List.of(
            task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS),
            task("weekly_customer_totals", EcommerceExample.WEEKLY_CUSTOMER_TOTALS),
            task("week_over_week", EcommerceExample.WEEK_OVER_WEEK),
            task("customer_lifetime_value", EcommerceExample.CUSTOMER_LIFETIME_VALUE)),
        OUTPUTS.stream().map(EcommerceFlow::schema).toList());
  }

  private static TaskDefinition task(String name, String sql) {
    return TaskDefinition.of("ecommerce_daily." + name, sql, Dialect.TRINO);
  }

  static TableSchema schema(String table) {
    return EcommerceExample.SCHEMA.table(TableName.of(table))
        .orElseThrow(() -> new IllegalStateException("The example's schema has no table " + table));
  }

  /** The SQL template of the task that writes {@code table}. */
  static String template(String table) {
    return switch (table) {
      case DAILY -> EcommerceExample.DAILY_CUSTOMER_TOTALS;
      case WEEKLY -> EcommerceExample.WEEKLY_CUSTOMER_TOTALS;
      case WOW -> EcommerceExample.WEEK_OVER_WEEK;
      case LIFETIME -> EcommerceExample.CUSTOMER_LIFETIME_VALUE;
      default -> throw new IllegalArgumentException("No task of the example writes " + table);
    };
  }

  /** The columns of {@code table} in declared order, as a select list. */
  static String columns(String table) {
    return String.join(", ", schema(table).columns().stream().map(c -> c.name()).toList());
  }

  /**
   * What {@code table} holds when computed from scratch from {@code iceberg.raw.transactions}, with
   * the columns of {@link #columns}: the definition of a correct result.
   */
  static String fromScratch(String table) {
    String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM iceberg.raw.transactions"
        + " GROUP BY customer_id, day";
    String weekly = "SELECT t.customer_id, d.day, sum(t.total) AS total_7d FROM (" + daily + ") t"
        + " JOIN (SELECT DISTINCT day FROM iceberg.raw.transactions) d ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day"
        + " GROUP BY t.customer_id, d.day";
    return switch (table) {
      case DAILY -> daily;
      case WEEKLY -> weekly;
      case WOW -> "SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,"
          + " cur.total_7d - coalesce(prev.total_7d, 0) AS change FROM (" + weekly + ") cur LEFT JOIN (" + weekly + ") prev"
          + " ON prev.customer_id = cur.customer_id AND prev.day = cur.day - INTERVAL '7' DAY";
      case LIFETIME -> "SELECT customer_id, sum(total) AS lifetime_total, min(day) AS first_day, max(day) AS last_day"
          + " FROM (" + daily + ") GROUP BY customer_id";
      default -> throw new IllegalArgumentException("No task of the example writes " + table);
    };
  }

  /**
   * A query counting the partitions of {@code table} (in Trino schema {@code schema}) whose rows differ
   * from the from-scratch result: days with a row missing or extra; 1 or 0 for the unpartitioned table.
   */
  static String differingPartitions(String schema, String table) {
    String actual = "SELECT " + columns(table) + " FROM iceberg." + schema + "." + table.substring(table.indexOf('.') + 1);
    String expected = "SELECT " + columns(table) + " FROM (" + fromScratch(table) + ")";
    String differences = "((" + actual + ") EXCEPT ALL (" + expected + ")) UNION ALL ((" + expected + ") EXCEPT ALL (" + actual + "))";
    return table.equals(LIFETIME)
        ? "SELECT count(*) FROM (SELECT 1 FROM (" + differences + ") LIMIT 1)"
        : "SELECT count(DISTINCT day) FROM (" + differences + ")";
  }
}
