package io.dataflow.gateway.annotator;

import io.dataflow.gateway.annotator.schema.MapSchemaProvider;
import io.dataflow.gateway.annotator.schema.SchemaProvider;

/** The e-commerce DAG of the design documents: its tables and the SQL of its tasks, verbatim. */
public final class EcommerceExample {

  public static final SchemaProvider SCHEMA = MapSchemaProvider.builder()
      .table("raw.transactions",
          "txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP, day DATE",
          "day")
      .table("analytics.daily_customer_totals",
          "customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT", "day")
      .table("analytics.weekly_customer_totals",
          "customer_id BIGINT, day DATE, total_7d DECIMAL(18,2)", "day")
      .table("analytics.week_over_week", "customer_id BIGINT, day DATE, total_7d DECIMAL(18,2),"
          + " prev_total_7d DECIMAL(18,2), change DECIMAL(18,2)", "day")
      .table("analytics.customer_lifetime_value",
          "customer_id BIGINT, lifetime_total DECIMAL(18,2), first_day DATE, last_day DATE")
      .table("dim.customers", "customer_id BIGINT, segment VARCHAR, country VARCHAR")
      // beyond the example: a monthly rollup and a second daily source, for coarsening
      .table("analytics.monthly_customer_totals",
          "customer_id BIGINT, month DATE, total DECIMAL(18,2)", "month")
      .table("raw.events", "event_id BIGINT, customer_id BIGINT, event_day DATE", "event_day")
      .build();

  public static final String DAILY_CUSTOMER_TOTALS = """
      DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';
      INSERT INTO analytics.daily_customer_totals
      SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count
      FROM raw.transactions
      WHERE day = DATE '{{ ds }}'
      GROUP BY customer_id
      """;

  public static final String WEEKLY_CUSTOMER_TOTALS = """
      DELETE FROM analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}';
      INSERT INTO analytics.weekly_customer_totals
      SELECT customer_id, DATE '{{ ds }}' AS day, SUM(total) AS total_7d
      FROM analytics.daily_customer_totals
      WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'
      GROUP BY customer_id
      """;

  public static final String WEEK_OVER_WEEK = """
      DELETE FROM analytics.week_over_week WHERE day = DATE '{{ ds }}';
      INSERT INTO analytics.week_over_week
      SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,
             cur.total_7d - COALESCE(prev.total_7d, 0) AS change
      FROM analytics.weekly_customer_totals cur
      LEFT JOIN analytics.weekly_customer_totals prev
        ON prev.customer_id = cur.customer_id AND prev.day = DATE '{{ macros.ds_add(ds, -7) }}'
      WHERE cur.day = DATE '{{ ds }}'
      """;

  public static final String CUSTOMER_LIFETIME_VALUE = """
      CREATE OR REPLACE TABLE analytics.customer_lifetime_value AS
      SELECT customer_id, SUM(total) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day
      FROM analytics.daily_customer_totals
      GROUP BY customer_id
      """;

  private EcommerceExample() {}
}
