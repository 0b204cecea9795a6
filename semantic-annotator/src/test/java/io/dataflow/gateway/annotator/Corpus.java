package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.offsets;
import static io.dataflow.gateway.annotator.AnnotationFixture.window;
import static io.dataflow.gateway.annotator.CorpusCase.Category.COARSENING;
import static io.dataflow.gateway.annotator.CorpusCase.Category.CTE;
import static io.dataflow.gateway.annotator.CorpusCase.Category.DAILY_INSERT;
import static io.dataflow.gateway.annotator.CorpusCase.Category.DELETE_INSERT;
import static io.dataflow.gateway.annotator.CorpusCase.Category.FACT_DIMENSION_JOIN;
import static io.dataflow.gateway.annotator.CorpusCase.Category.FULL_REBUILD;
import static io.dataflow.gateway.annotator.CorpusCase.Category.HIVE_OVERWRITE;
import static io.dataflow.gateway.annotator.CorpusCase.Category.MERGE_UPSERT;
import static io.dataflow.gateway.annotator.CorpusCase.Category.OPAQUE_OR_FULL;
import static io.dataflow.gateway.annotator.CorpusCase.Category.POSTGRES_ON_CONFLICT;
import static io.dataflow.gateway.annotator.CorpusCase.Category.ROLLING_WINDOW;
import static io.dataflow.gateway.annotator.CorpusCase.Category.SUBQUERY;
import static io.dataflow.gateway.annotator.CorpusCase.Category.UNION_ALL;
import static io.dataflow.gateway.annotator.CorpusCase.Category.WINDOW_FUNCTION;
import static io.dataflow.gateway.annotator.LineageKind.AGGREGATED;
import static io.dataflow.gateway.annotator.LineageKind.CONSTANT;
import static io.dataflow.gateway.annotator.LineageKind.COPIED;
import static io.dataflow.gateway.annotator.LineageKind.TRANSFORMED;
import static io.dataflow.gateway.annotator.WriteMode.APPEND;
import static io.dataflow.gateway.annotator.WriteMode.DELETE;
import static io.dataflow.gateway.annotator.WriteMode.FULL_REPLACE;
import static io.dataflow.gateway.annotator.WriteMode.MERGE;
import static io.dataflow.gateway.annotator.WriteMode.REPLACE_PARTITIONS;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.schema.MapSchemaProvider;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.util.List;

/**
 * A corpus of task SQL as pipelines write it, each task with what its annotation must say. The tables
 * extend the e-commerce example with orders, products, hourly page views and their rollups.
 */
public final class Corpus {

  /** The example's tables and more, as the corpus reads them. */
  public static final SchemaProvider SCHEMA = MapSchemaProvider.builder()
      .table("raw.transactions",
          "txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP, day DATE", "day")
      .table("raw.events", "event_id BIGINT, customer_id BIGINT, event_day DATE", "event_day")
      .table("raw.orders", "order_id BIGINT, customer_id BIGINT, product_id BIGINT, quantity INTEGER,"
          + " price DECIMAL(12,2), status VARCHAR, order_day DATE", "order_day")
      .table("raw.page_views", "view_id BIGINT, customer_id BIGINT, url VARCHAR, view_hour TIMESTAMP",
          "view_hour")
      .table("dim.customers", "customer_id BIGINT, segment VARCHAR, country VARCHAR")
      .table("dim.products", "product_id BIGINT, category VARCHAR, brand VARCHAR")
      .table("analytics.daily_customer_totals",
          "customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT", "day")
      .table("analytics.weekly_customer_totals", "customer_id BIGINT, day DATE, total_7d DECIMAL(18,2)", "day")
      .table("analytics.week_over_week", "customer_id BIGINT, day DATE, total_7d DECIMAL(18,2),"
          + " prev_total_7d DECIMAL(18,2), change DECIMAL(18,2)", "day")
      .table("analytics.customer_lifetime_value",
          "customer_id BIGINT, lifetime_total DECIMAL(18,2), first_day DATE, last_day DATE")
      .table("analytics.monthly_customer_totals", "customer_id BIGINT, month DATE, total DECIMAL(18,2)", "month")
      .table("analytics.daily_product_sales", "product_id BIGINT, category VARCHAR, day DATE, units BIGINT,"
          + " revenue DECIMAL(18,2)", "day")
      .table("analytics.rolling_30d_sales", "product_id BIGINT, day DATE, revenue_30d DECIMAL(18,2)", "day")
      .table("analytics.weekly_product_sales", "product_id BIGINT, week DATE, revenue DECIMAL(18,2)", "week")
      .table("analytics.segment_daily", "segment VARCHAR, day DATE, customers BIGINT, revenue DECIMAL(18,2)",
          "day")
      .table("analytics.customer_rank_daily", "customer_id BIGINT, day DATE, total DECIMAL(18,2), rnk BIGINT",
          "day")
      .table("analytics.activity_daily", "customer_id BIGINT, day DATE, source VARCHAR, n BIGINT", "day")
      .table("analytics.customer_snapshot", "customer_id BIGINT, segment VARCHAR, country VARCHAR")
      .table("analytics.category_revenue", "category VARCHAR, revenue DECIMAL(18,2)")
      .table("analytics.orders_clean", "order_id BIGINT, customer_id BIGINT, product_id BIGINT,"
          + " quantity INTEGER, price DECIMAL(12,2), order_day DATE", "order_day")
      .table("analytics.customer_latest", "customer_id BIGINT, last_day DATE, last_total DECIMAL(18,2)")
      .table("analytics.hourly_page_views", "view_hour TIMESTAMP, url VARCHAR, views BIGINT", "view_hour")
      .table("analytics.daily_page_views", "day DATE, url VARCHAR, views BIGINT", "day")
      .build();

  private static final String DAILY = "analytics.daily_customer_totals";
  private static final String WEEKLY = "analytics.weekly_customer_totals";
  private static final String TXN = "raw.transactions";
  private static final String ORDERS = "raw.orders";
  private static final String PRODUCTS = "dim.products";
  private static final String CUSTOMERS = "dim.customers";
  private static final String SALES = "analytics.daily_product_sales";

  private Corpus() {}

  private static CorpusCase c(CorpusCase.Category category, String sql) {
    return new CorpusCase(category, sql, Dialect.TRINO, SCHEMA);
  }

  private static PartitionDependency coarsening(PartitionUnit to) {
    return new PartitionDependency.Coarsening(to, PartitionUnit.DAY);
  }

  private static PartitionDependency hourly() {
    return new PartitionDependency.Identity(PartitionUnit.HOUR);
  }

  /** Every case, in categories. */
  public static List<CorpusCase> cases() {
    return List.of(
        // a daily insert with {{ ds }}
        c(DAILY_INSERT, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, identity()).writes(DAILY, APPEND).writesPartition("ds").isMap().column("day", CONSTANT).column("total", AGGREGATED, "raw.transactions.amount").column("txn_count", AGGREGATED),
        c(DAILY_INSERT, "INSERT INTO analytics.daily_customer_totals (customer_id, day, total, txn_count) SELECT customer_id, day, SUM(amount), COUNT(txn_id) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("day", COPIED, "raw.transactions.day").column("txn_count", AGGREGATED, "raw.transactions.txn_id"),
        c(DAILY_INSERT, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ yesterday_ds }}', SUM(amount), COUNT(*) FROM raw.transactions WHERE day = DATE '{{ yesterday_ds }}' GROUP BY customer_id").reads(TXN, identity()).writes(DAILY, APPEND).writesPartition("ds - 1 days").isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(DAILY_INSERT, "insert into analytics.daily_customer_totals\nselect customer_id, day, sum(amount), count(*)\nfrom raw.transactions\nwhere day = date '{{ ds }}' and amount > 0 -- refunds are booked elsewhere\ngroup by customer_id, day").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("customer_id", COPIED, "raw.transactions.customer_id"),
        c(DAILY_INSERT, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, event_day, 0, COUNT(*) FROM raw.events WHERE event_day = DATE '{{ ds }}' GROUP BY customer_id, event_day").reads("raw.events", identity()).writes(DAILY, APPEND).isMap().column("day", COPIED, "raw.events.event_day").column("total", CONSTANT),
        c(DAILY_INSERT, "INSERT INTO analytics.hourly_page_views SELECT view_hour, url, COUNT(*) FROM raw.page_views WHERE view_hour >= TIMESTAMP '{{ data_interval_start }}' AND view_hour < TIMESTAMP '{{ data_interval_end }}' GROUP BY view_hour, url").reads("raw.page_views", hourly()).writes("analytics.hourly_page_views", APPEND).isMap().column("views", AGGREGATED),
        c(DAILY_INSERT, "INSERT INTO `analytics`.`daily_customer_totals` SELECT `customer_id`, `day`, SUM(`amount`), COUNT(*) FROM `raw`.`transactions` WHERE `day` = '{{ ds }}' GROUP BY `customer_id`, `day`").in(Dialect.MYSQL).reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(DAILY_INSERT, "INSERT INTO analytics.orders_clean SELECT order_id, customer_id, product_id, quantity, price, order_day FROM raw.orders WHERE order_day = DATE '{{ ds }}' AND status <> 'test'").reads(ORDERS, identity()).writes("analytics.orders_clean", APPEND).isMap().column("price", COPIED, "raw.orders.price"),

        // rolling 7- and 30-day windows
        c(ROLLING_WINDOW, EcommerceExample.WEEKLY_CUSTOMER_TOTALS).reads(DAILY, window(-6, 0)).writes(WEEKLY, REPLACE_PARTITIONS).isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.rolling_30d_sales SELECT product_id, DATE '{{ ds }}', SUM(revenue) FROM analytics.daily_product_sales WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -29) }}' AND DATE '{{ ds }}' GROUP BY product_id").reads(SALES, window(-29, 0)).writes("analytics.rolling_30d_sales", APPEND).isPartial().column("revenue_30d", AGGREGATED, "analytics.daily_product_sales.revenue"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(total) FROM analytics.daily_customer_totals WHERE day > DATE '{{ macros.ds_add(ds, -7) }}' AND day <= DATE '{{ ds }}' GROUP BY customer_id").reads(DAILY, window(-6, 0)).writes(WEEKLY, APPEND).isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(total) FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ ds }}' - INTERVAL '6' DAY AND DATE '{{ ds }}' GROUP BY customer_id").reads(DAILY, window(-6, 0)).writes(WEEKLY, APPEND).isPartial().column("customer_id", COPIED, "analytics.daily_customer_totals.customer_id"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.rolling_30d_sales SELECT product_id, '{{ ds }}', SUM(revenue) FROM analytics.daily_product_sales WHERE day BETWEEN DATE '{{ ds }}' - INTERVAL 29 DAY AND DATE '{{ ds }}' GROUP BY product_id").in(Dialect.MYSQL).reads(SALES, window(-29, 0)).writes("analytics.rolling_30d_sales", APPEND).isPartial().column("revenue_30d", AGGREGATED, "analytics.daily_product_sales.revenue"),
        c(ROLLING_WINDOW, EcommerceExample.WEEK_OVER_WEEK).reads(WEEKLY, offsets(-7L, 0L)).writes("analytics.week_over_week", REPLACE_PARTITIONS).isPartial().column("prev_total_7d", COPIED, "analytics.weekly_customer_totals.total_7d").column("change", TRANSFORMED, "analytics.weekly_customer_totals.total_7d"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.rolling_30d_sales SELECT product_id, DATE '{{ ds }}', SUM(quantity * price) FROM raw.orders WHERE order_day >= DATE '{{ macros.ds_add(ds, -29) }}' AND order_day < DATE '{{ tomorrow_ds }}' GROUP BY product_id").reads(ORDERS, window(-29, 0)).writes("analytics.rolling_30d_sales", APPEND).isPartial().column("revenue_30d", AGGREGATED, "raw.orders.quantity", "raw.orders.price"),
        c(ROLLING_WINDOW, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(total) FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -7) }}' AND DATE '{{ macros.ds_add(ds, -1) }}' GROUP BY customer_id").reads(DAILY, window(-7, -1)).writes(WEEKLY, APPEND).isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total"),

        // month and week coarsening
        c(COARSENING, "INSERT INTO analytics.monthly_customer_totals SELECT customer_id, FLOOR(day TO MONTH), SUM(total) FROM analytics.daily_customer_totals GROUP BY customer_id, FLOOR(day TO MONTH)").reads(DAILY, coarsening(PartitionUnit.MONTH)).writes("analytics.monthly_customer_totals", APPEND).isPartial().column("month", TRANSFORMED, "analytics.daily_customer_totals.day"),
        c(COARSENING, "INSERT INTO analytics.monthly_customer_totals SELECT customer_id, date_trunc('month', event_day), COUNT(*) FROM raw.events WHERE event_day >= DATE '{{ macros.ds_add(ds, -40) }}' GROUP BY customer_id, date_trunc('month', event_day)").reads("raw.events", coarsening(PartitionUnit.MONTH)).writes("analytics.monthly_customer_totals", APPEND).isPartial().column("total", AGGREGATED),
        c(COARSENING, "INSERT INTO analytics.weekly_product_sales SELECT s.product_id, date_trunc('week', s.day) AS week, SUM(s.revenue) FROM analytics.daily_product_sales s GROUP BY s.product_id, date_trunc('week', s.day)").reads(SALES, coarsening(PartitionUnit.WEEK)).writes("analytics.weekly_product_sales", APPEND).isPartial().column("revenue", AGGREGATED, "analytics.daily_product_sales.revenue"),
        c(COARSENING, "INSERT INTO analytics.monthly_customer_totals SELECT t.customer_id, date_trunc('month', t.day), SUM(t.amount) FROM raw.transactions t WHERE t.day >= date_trunc('month', DATE '{{ ds }}') GROUP BY 1, 2").reads(TXN, coarsening(PartitionUnit.MONTH)).writes("analytics.monthly_customer_totals", APPEND).isPartial().column("total", AGGREGATED, "raw.transactions.amount"),
        // a bare column called like a time unit inside date_trunc is the column, not the unit
        c(COARSENING, "INSERT INTO analytics.monthly_customer_totals SELECT customer_id, date_trunc('month', day), SUM(amount) FROM raw.transactions GROUP BY 1, 2").reads(TXN, coarsening(PartitionUnit.MONTH)).writes("analytics.monthly_customer_totals", APPEND).isPartial().column("month", TRANSFORMED, "raw.transactions.day").column("total", AGGREGATED, "raw.transactions.amount"),
        c(COARSENING, "INSERT INTO analytics.weekly_product_sales SELECT product_id, date_trunc('week', day) AS week, SUM(revenue) FROM analytics.daily_product_sales WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}') GROUP BY 1, 2").reads(SALES, coarsening(PartitionUnit.WEEK)).writes("analytics.weekly_product_sales", APPEND).isPartial().column("week", TRANSFORMED, "analytics.daily_product_sales.day"),
        c(COARSENING, "DELETE FROM analytics.weekly_product_sales WHERE week = date_trunc('week', DATE '{{ ds }}'); INSERT INTO analytics.weekly_product_sales SELECT o.product_id, date_trunc('week', o.order_day), SUM(o.quantity * o.price) FROM raw.orders o WHERE o.order_day >= date_trunc('week', DATE '{{ ds }}') GROUP BY o.product_id, date_trunc('week', o.order_day)").reads(ORDERS, coarsening(PartitionUnit.WEEK)).writes("analytics.weekly_product_sales", REPLACE_PARTITIONS).isOpaque().column("week", TRANSFORMED, "raw.orders.order_day"),

        // full rebuilds
        c(FULL_REBUILD, EcommerceExample.CUSTOMER_LIFETIME_VALUE).reads(DAILY, all()).writes("analytics.customer_lifetime_value", FULL_REPLACE).isFull().because("replaces the whole").column("first_day", AGGREGATED, "analytics.daily_customer_totals.day"),
        c(FULL_REBUILD, "CREATE TABLE analytics.customer_snapshot AS SELECT customer_id, segment, country FROM dim.customers").reads(CUSTOMERS, all()).writes("analytics.customer_snapshot", FULL_REPLACE).isFull().column("segment", COPIED, "dim.customers.segment"),
        c(FULL_REBUILD, "TRUNCATE TABLE analytics.customer_lifetime_value; INSERT INTO analytics.customer_lifetime_value SELECT customer_id, SUM(total), MIN(day), MAX(day) FROM analytics.daily_customer_totals GROUP BY customer_id").reads(DAILY, all()).writes("analytics.customer_lifetime_value", FULL_REPLACE).isFull().column("lifetime_total", AGGREGATED, "analytics.daily_customer_totals.total"),
        c(FULL_REBUILD, "CREATE OR REPLACE TABLE analytics.category_revenue AS SELECT p.category, SUM(s.revenue) AS revenue FROM analytics.daily_product_sales s JOIN dim.products p ON p.product_id = s.product_id GROUP BY p.category").reads(SALES, all()).reads(PRODUCTS, all()).writes("analytics.category_revenue", FULL_REPLACE).isFull().column("category", COPIED, "dim.products.category").column("revenue", AGGREGATED, "analytics.daily_product_sales.revenue"),
        c(FULL_REBUILD, "DELETE FROM analytics.customer_snapshot; INSERT INTO analytics.customer_snapshot SELECT customer_id, UPPER(segment), country FROM dim.customers WHERE country IS NOT NULL").reads(CUSTOMERS, all()).writes("analytics.customer_snapshot", FULL_REPLACE).isFull().column("segment", TRANSFORMED, "dim.customers.segment"),

        // MERGE upserts
        c(MERGE_UPSERT, "MERGE INTO analytics.customer_lifetime_value t USING (SELECT customer_id, SUM(amount) AS total FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id) s ON t.customer_id = s.customer_id WHEN MATCHED THEN UPDATE SET lifetime_total = t.lifetime_total + s.total WHEN NOT MATCHED THEN INSERT (customer_id, lifetime_total) VALUES (s.customer_id, s.total)").reads(TXN, all()).writes("analytics.customer_lifetime_value", MERGE).isFull().because("merges into").column("total", AGGREGATED, "raw.transactions.amount"),
        c(MERGE_UPSERT, "MERGE INTO analytics.orders_clean AS t USING (SELECT order_id, customer_id, product_id, quantity, price, order_day FROM raw.orders WHERE order_day = DATE '{{ ds }}' AND status = 'confirmed') AS s ON t.order_id = s.order_id WHEN MATCHED THEN UPDATE SET quantity = s.quantity, price = s.price WHEN NOT MATCHED THEN INSERT (order_id, customer_id, product_id, quantity, price, order_day) VALUES (s.order_id, s.customer_id, s.product_id, s.quantity, s.price, s.order_day)").reads(ORDERS, identity()).writes("analytics.orders_clean", MERGE).isFull().because("by key").column("quantity", COPIED, "raw.orders.quantity"),
        c(MERGE_UPSERT, "MERGE INTO analytics.customer_snapshot t USING dim.customers s ON t.customer_id = s.customer_id WHEN MATCHED THEN UPDATE SET segment = s.segment, country = s.country WHEN NOT MATCHED THEN INSERT (customer_id, segment, country) VALUES (s.customer_id, s.segment, s.country)").reads(CUSTOMERS, all()).writes("analytics.customer_snapshot", MERGE).isFull().column("country", COPIED, "dim.customers.country"),
        c(MERGE_UPSERT, "MERGE INTO analytics.customer_latest t USING (SELECT customer_id, MAX(day) AS last_day, SUM(total) AS last_total FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}' GROUP BY customer_id) s ON t.customer_id = s.customer_id WHEN MATCHED THEN UPDATE SET last_day = s.last_day, last_total = s.last_total WHEN NOT MATCHED THEN INSERT VALUES (s.customer_id, s.last_day, s.last_total)").reads(DAILY, all()).writes("analytics.customer_latest", MERGE).isFull().column("last_day", AGGREGATED, "analytics.daily_customer_totals.day"),

        // DELETE of the partition, then INSERT
        c(DELETE_INSERT, EcommerceExample.DAILY_CUSTOMER_TOTALS).reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(DELETE_INSERT, "DELETE FROM analytics.daily_customer_totals WHERE day IN (DATE '{{ ds }}'); INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day").reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).isMap().column("day", COPIED, "raw.transactions.day"),
        c(DELETE_INSERT, "DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ yesterday_ds }}';\nINSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day = DATE '{{ yesterday_ds }}' GROUP BY customer_id, day").reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).writesPartition("ds - 1 days").isMap().column("txn_count", AGGREGATED),
        c(DELETE_INSERT, "DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';\nINSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE day = DATE '{{ yesterday_ds }}'").reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).isOpaque().because("the DELETE removes partitions [ds]").column("total", COPIED, "raw.transactions.amount"),
        c(DELETE_INSERT, "DELETE FROM analytics.daily_product_sales WHERE day = DATE '{{ ds }}'; INSERT INTO analytics.daily_product_sales SELECT o.product_id, p.category, o.order_day, SUM(o.quantity), SUM(o.quantity * o.price) FROM raw.orders o JOIN dim.products p ON p.product_id = o.product_id WHERE o.order_day = DATE '{{ ds }}' GROUP BY o.product_id, p.category, o.order_day").reads(ORDERS, identity()).reads(PRODUCTS, all()).writes(SALES, REPLACE_PARTITIONS).isMap().column("category", COPIED, "dim.products.category").column("revenue", AGGREGATED, "raw.orders.quantity", "raw.orders.price"),
        c(DELETE_INSERT, "DELETE FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -2) }}' AND DATE '{{ ds }}'; INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -2) }}' AND DATE '{{ ds }}' GROUP BY customer_id, day").reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).isMap().column("day", COPIED, "raw.transactions.day"),
        c(DELETE_INSERT, "DELETE FROM raw.transactions WHERE day < DATE '{{ macros.ds_add(ds, -90) }}'").writes(TXN, DELETE).isMap().noLineage(),

        // a partitioned fact joined with a dimension
        c(FACT_DIMENSION_JOIN, "INSERT INTO analytics.daily_product_sales SELECT o.product_id, p.category, o.order_day, SUM(o.quantity), SUM(o.quantity * o.price) FROM raw.orders o JOIN dim.products p ON p.product_id = o.product_id WHERE o.order_day = DATE '{{ ds }}' GROUP BY o.product_id, p.category, o.order_day").reads(ORDERS, identity()).reads(PRODUCTS, all()).writes(SALES, APPEND).isMap().column("units", AGGREGATED, "raw.orders.quantity"),
        c(FACT_DIMENSION_JOIN, "INSERT INTO analytics.segment_daily SELECT c.segment, t.day, COUNT(DISTINCT t.customer_id), SUM(t.amount) FROM raw.transactions t JOIN dim.customers c ON c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}' GROUP BY c.segment, t.day").reads(TXN, identity()).reads(CUSTOMERS, all()).writes("analytics.segment_daily", APPEND).isMap().column("segment", COPIED, "dim.customers.segment").column("customers", AGGREGATED, "raw.transactions.customer_id"),
        c(FACT_DIMENSION_JOIN, "INSERT INTO analytics.segment_daily SELECT COALESCE(c.segment, 'unknown'), DATE '{{ ds }}', COUNT(*), SUM(t.amount) FROM raw.transactions t LEFT JOIN dim.customers c ON c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}' GROUP BY COALESCE(c.segment, 'unknown')").reads(TXN, identity()).reads(CUSTOMERS, all()).writes("analytics.segment_daily", APPEND).isMap().column("segment", TRANSFORMED, "dim.customers.segment"),
        c(FACT_DIMENSION_JOIN, "INSERT INTO analytics.segment_daily SELECT c.segment, o.order_day, COUNT(DISTINCT o.customer_id), SUM(o.quantity * o.price) FROM raw.orders o JOIN dim.customers c ON c.customer_id = o.customer_id JOIN dim.products p ON p.product_id = o.product_id WHERE o.order_day = DATE '{{ ds }}' AND p.category = 'books' GROUP BY c.segment, o.order_day").reads(ORDERS, identity()).reads(CUSTOMERS, all()).reads(PRODUCTS, all()).writes("analytics.segment_daily", APPEND).isMap().column("revenue", AGGREGATED, "raw.orders.quantity", "raw.orders.price"),
        c(FACT_DIMENSION_JOIN, "INSERT INTO analytics.daily_customer_totals SELECT t.customer_id, t.day, SUM(t.amount), COUNT(DISTINCT o.order_id) FROM raw.transactions t JOIN raw.orders o ON o.customer_id = t.customer_id AND o.order_day = t.day WHERE t.day = DATE '{{ ds }}' GROUP BY t.customer_id, t.day").reads(TXN, identity()).reads(ORDERS, identity()).writes(DAILY, APPEND).isMap().column("txn_count", AGGREGATED, "raw.orders.order_id"),

        // common table expressions
        c(CTE, "INSERT INTO analytics.daily_customer_totals WITH today AS (SELECT customer_id, amount FROM raw.transactions WHERE day = DATE '{{ ds }}') SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*) FROM today GROUP BY customer_id").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(CTE, "INSERT INTO analytics.weekly_customer_totals WITH last7 AS (SELECT * FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}') SELECT customer_id, DATE '{{ ds }}', SUM(total) FROM last7 GROUP BY customer_id").reads(DAILY, window(-6, 0)).writes(WEEKLY, APPEND).isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total"),
        c(CTE, "INSERT INTO analytics.segment_daily WITH t AS (SELECT customer_id, amount FROM raw.transactions WHERE day = DATE '{{ ds }}'), c AS (SELECT customer_id, segment FROM dim.customers WHERE country = 'NL') SELECT c.segment, DATE '{{ ds }}', COUNT(DISTINCT t.customer_id), SUM(t.amount) FROM t JOIN c ON c.customer_id = t.customer_id GROUP BY c.segment").reads(TXN, identity()).reads(CUSTOMERS, all()).writes("analytics.segment_daily", APPEND).isMap().column("day", CONSTANT),
        c(CTE, "INSERT INTO analytics.week_over_week WITH w AS (SELECT customer_id, day, total_7d FROM analytics.weekly_customer_totals) SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d, cur.total_7d - prev.total_7d FROM w cur JOIN w prev ON prev.customer_id = cur.customer_id AND prev.day = DATE '{{ macros.ds_add(ds, -7) }}' WHERE cur.day = DATE '{{ ds }}'").reads(WEEKLY, offsets(-7L, 0L)).writes("analytics.week_over_week", APPEND).isPartial().column("change", TRANSFORMED, "analytics.weekly_customer_totals.total_7d"),
        c(CTE, "CREATE OR REPLACE TABLE analytics.customer_lifetime_value AS WITH d AS (SELECT customer_id, total, day FROM analytics.daily_customer_totals) SELECT customer_id, SUM(total) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day FROM d GROUP BY customer_id").reads(DAILY, all()).writes("analytics.customer_lifetime_value", FULL_REPLACE).isFull().column("last_day", AGGREGATED, "analytics.daily_customer_totals.day"),

        // nested subqueries
        c(SUBQUERY, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, total, n FROM (SELECT customer_id, day, SUM(amount) AS total, COUNT(*) AS n FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day) t WHERE total > 0").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(SUBQUERY, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' AND customer_id IN (SELECT customer_id FROM dim.customers WHERE segment = 'gold') GROUP BY customer_id, day").reads(TXN, identity()).reads(CUSTOMERS, all()).writes(DAILY, APPEND).isMap().column("customer_id", COPIED, "raw.transactions.customer_id"),
        c(SUBQUERY, "INSERT INTO analytics.daily_customer_totals SELECT t.customer_id, t.day, SUM(t.amount), COUNT(*) FROM raw.transactions t WHERE t.day = DATE '{{ ds }}' AND EXISTS (SELECT 1 FROM raw.orders o WHERE o.customer_id = t.customer_id AND o.order_day = DATE '{{ ds }}') GROUP BY t.customer_id, t.day").reads(TXN, identity()).reads(ORDERS, identity()).writes(DAILY, APPEND).isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(SUBQUERY, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE day = DATE '{{ ds }}' AND amount > (SELECT AVG(amount) FROM raw.transactions WHERE day = DATE '{{ ds }}')").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("total", COPIED, "raw.transactions.amount"),
        c(SUBQUERY, "INSERT INTO analytics.segment_daily SELECT segment, day, COUNT(*), SUM(total) FROM (SELECT c.segment, x.day, x.total FROM (SELECT customer_id, day, SUM(amount) AS total FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day) x JOIN dim.customers c ON c.customer_id = x.customer_id) y GROUP BY segment, day").reads(TXN, identity()).reads(CUSTOMERS, all()).writes("analytics.segment_daily", APPEND).isMap().column("revenue", AGGREGATED, "raw.transactions.amount"),

        // window functions; a condition above a window bounds the rows written, not the rows read
        c(WINDOW_FUNCTION, "INSERT INTO analytics.customer_rank_daily SELECT customer_id, day, total, RANK() OVER (PARTITION BY day ORDER BY total DESC) FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}'").reads(DAILY, identity()).writes("analytics.customer_rank_daily", APPEND).isMap().column("rnk", AGGREGATED, "analytics.daily_customer_totals.day", "analytics.daily_customer_totals.total"),
        c(WINDOW_FUNCTION, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day, SUM(total) OVER (PARTITION BY customer_id ORDER BY day) FROM analytics.daily_customer_totals").reads(DAILY, all()).writes(WEEKLY, APPEND).isFull().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total", "analytics.daily_customer_totals.customer_id", "analytics.daily_customer_totals.day"),
        c(WINDOW_FUNCTION, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day, total_7d FROM (SELECT customer_id, day, SUM(total) OVER (PARTITION BY customer_id ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS total_7d FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}') w WHERE day = DATE '{{ ds }}'").reads(DAILY, window(-6, 0)).writes(WEEKLY, APPEND).writesPartition("ds").isPartial().column("day", COPIED, "analytics.daily_customer_totals.day"),
        c(WINDOW_FUNCTION, "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day, total_7d FROM (SELECT customer_id, day, SUM(total) OVER (PARTITION BY customer_id ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS total_7d FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -7) }}' AND DATE '{{ ds }}') w WHERE day >= DATE '{{ yesterday_ds }}'").reads(DAILY, window(-7, 1)).writes(WEEKLY, APPEND).writesPartition("ds - 1 days, ds").isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total", "analytics.daily_customer_totals.customer_id", "analytics.daily_customer_totals.day"),
        c(WINDOW_FUNCTION, "INSERT INTO analytics.week_over_week SELECT customer_id, day, total_7d, prev, total_7d - prev FROM (SELECT customer_id, day, total_7d, LAG(total_7d, 7) OVER (PARTITION BY customer_id ORDER BY day) AS prev FROM analytics.weekly_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -7) }}' AND DATE '{{ ds }}') x WHERE day = DATE '{{ ds }}'").reads(WEEKLY, window(-7, 0)).writes("analytics.week_over_week", APPEND).writesPartition("ds").isPartial().column("prev_total_7d", AGGREGATED, "analytics.weekly_customer_totals.total_7d", "analytics.weekly_customer_totals.customer_id", "analytics.weekly_customer_totals.day"),
        c(WINDOW_FUNCTION, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM (SELECT customer_id, day, amount, ROW_NUMBER() OVER (PARTITION BY txn_id ORDER BY event_time DESC) AS rn FROM raw.transactions WHERE day = DATE '{{ ds }}') d WHERE rn = 1").reads(TXN, identity()).writes(DAILY, APPEND).isMap().column("total", COPIED, "raw.transactions.amount"),

        // UNION ALL
        c(UNION_ALL, "INSERT INTO analytics.activity_daily SELECT customer_id, day, 'txn', COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day UNION ALL SELECT customer_id, event_day, 'event', COUNT(*) FROM raw.events WHERE event_day = DATE '{{ ds }}' GROUP BY customer_id, event_day").reads(TXN, identity()).reads("raw.events", identity()).writes("analytics.activity_daily", APPEND).isMap().column("day", COPIED, "raw.transactions.day", "raw.events.event_day").column("source", CONSTANT),
        c(UNION_ALL, "INSERT INTO analytics.activity_daily SELECT customer_id, DATE '{{ ds }}', 'txn', COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id UNION ALL SELECT customer_id, DATE '{{ ds }}', 'order', COUNT(*) FROM raw.orders WHERE order_day = DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, identity()).reads(ORDERS, identity()).writes("analytics.activity_daily", APPEND).isMap().column("customer_id", COPIED, "raw.transactions.customer_id", "raw.orders.customer_id"),
        c(UNION_ALL, "INSERT INTO analytics.activity_daily SELECT customer_id, DATE '{{ ds }}', 'txn', COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id UNION ALL SELECT customer_id, DATE '{{ ds }}', 'week', SUM(txn_count) FROM analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, identity()).reads(DAILY, window(-6, 0)).writes("analytics.activity_daily", APPEND).isPartial().column("n", AGGREGATED, "analytics.daily_customer_totals.txn_count"),
        c(UNION_ALL, "INSERT INTO analytics.activity_daily SELECT customer_id, day, 'today', COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day UNION ALL SELECT customer_id, day, 'late', COUNT(*) FROM raw.transactions WHERE day = DATE '{{ macros.ds_add(ds, -3) }}' GROUP BY customer_id, day").reads(TXN, identity()).writes("analytics.activity_daily", APPEND).isMap().column("day", COPIED, "raw.transactions.day"),

        // Hive INSERT OVERWRITE … PARTITION
        c(HIVE_OVERWRITE, "INSERT OVERWRITE TABLE analytics.daily_customer_totals PARTITION (day = '{{ ds }}')\nSELECT customer_id, SUM(amount), COUNT(*) FROM raw.transactions WHERE day = '{{ ds }}' GROUP BY customer_id").in(Dialect.HIVE).reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).writesPartition("ds").isMap().column("total", AGGREGATED, "raw.transactions.amount"),
        c(HIVE_OVERWRITE, "INSERT OVERWRITE TABLE analytics.daily_customer_totals PARTITION (day)\nSELECT customer_id, SUM(amount), COUNT(*), day FROM raw.transactions WHERE day BETWEEN '{{ macros.ds_add(ds, -2) }}' AND '{{ ds }}' GROUP BY customer_id, day").in(Dialect.HIVE).reads(TXN, identity()).writes(DAILY, REPLACE_PARTITIONS).isMap().column("day", COPIED, "raw.transactions.day"),
        c(HIVE_OVERWRITE, "INSERT OVERWRITE TABLE analytics.weekly_customer_totals PARTITION (day = '{{ ds }}')\nSELECT customer_id, SUM(total) FROM analytics.daily_customer_totals WHERE day BETWEEN '{{ macros.ds_add(ds, -6) }}' AND '{{ ds }}' GROUP BY customer_id").in(Dialect.HIVE).reads(DAILY, window(-6, 0)).writes(WEEKLY, REPLACE_PARTITIONS).isPartial().column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total"),
        c(HIVE_OVERWRITE, "INSERT OVERWRITE TABLE analytics.customer_snapshot\nSELECT customer_id, segment, country FROM dim.customers").in(Dialect.SPARK).reads(CUSTOMERS, all()).writes("analytics.customer_snapshot", FULL_REPLACE).isFull().column("country", COPIED, "dim.customers.country"),
        c(HIVE_OVERWRITE, "INSERT OVERWRITE TABLE analytics.daily_product_sales PARTITION (day = '{{ ds }}')\nSELECT o.product_id, p.category, SUM(o.quantity), SUM(o.quantity * o.price) FROM raw.orders o JOIN dim.products p ON p.product_id = o.product_id WHERE o.order_day = '{{ ds }}' GROUP BY o.product_id, p.category").in(Dialect.SPARK).reads(ORDERS, identity()).reads(PRODUCTS, all()).writes(SALES, REPLACE_PARTITIONS).isMap().column("units", AGGREGATED, "raw.orders.quantity"),

        // PostgreSQL ON CONFLICT
        c(POSTGRES_ON_CONFLICT, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day ON CONFLICT (customer_id, day) DO UPDATE SET total = EXCLUDED.total, txn_count = EXCLUDED.txn_count").in(Dialect.POSTGRESQL).reads(TXN, identity()).writes(DAILY, MERGE).isFull().because("merges into").column("total", AGGREGATED, "raw.transactions.amount"),
        c(POSTGRES_ON_CONFLICT, "INSERT INTO analytics.customer_latest (customer_id, last_day, last_total) SELECT customer_id, day, total FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}' ON CONFLICT (customer_id) DO UPDATE SET last_day = EXCLUDED.last_day, last_total = EXCLUDED.last_total").in(Dialect.POSTGRESQL).reads(DAILY, all()).writes("analytics.customer_latest", MERGE).isFull().column("last_total", COPIED, "analytics.daily_customer_totals.total"),
        c(POSTGRES_ON_CONFLICT, "INSERT INTO analytics.customer_snapshot SELECT customer_id, segment, country FROM dim.customers ON CONFLICT DO NOTHING").in(Dialect.POSTGRESQL).reads(CUSTOMERS, all()).writes("analytics.customer_snapshot", MERGE).isFull().column("segment", COPIED, "dim.customers.segment"),

        // what must come out OPAQUE or FULL
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE day = DATE '{{ ds }}' AND event_time < CURRENT_TIMESTAMP").reads(TXN, identity()).writes(DAILY, APPEND).isOpaque().because("non-deterministic").column("total", COPIED, "raw.transactions.amount"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount * RAND(), 1 FROM raw.transactions WHERE day = DATE '{{ ds }}'").reads(TXN, identity()).writes(DAILY, APPEND).isOpaque().because("rand()").column("total", TRANSFORMED, "raw.transactions.amount"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE day = DATE '{{ ds }}' LIMIT 1000").reads(TXN, identity()).writes(DAILY, APPEND).isOpaque().because("LIMIT without ORDER BY").column("day", COPIED, "raw.transactions.day"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE my_udf(day) = DATE '{{ ds }}'").reads(TXN, all()).writes(DAILY, APPEND).isOpaque().analyzed(AnalysisMode.SYNTACTIC).because("my_udf").noLineage(),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM staging.unknown_feed WHERE day = DATE '{{ ds }}'").reads("staging.unknown_feed", all()).writes(DAILY, APPEND).isOpaque().analyzed(AnalysisMode.SYNTACTIC).because("does not know staging.unknown_feed").noLineage(),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1 FROM raw.transactions WHERE day = DATE '{{ ds }}'; INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day, amount FROM raw.transactions WHERE day = DATE '{{ ds }}'").reads(TXN, identity()).writes(DAILY, APPEND).isOpaque().because("writes several tables").column("total", COPIED, "raw.transactions.amount"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*) FROM raw.transactions WHERE day <= DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, all()).writes(DAILY, APPEND).isFull().because("reads every partition of raw.transactions").column("total", AGGREGATED, "raw.transactions.amount"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*) FROM raw.transactions WHERE event_time >= TIMESTAMP '{{ data_interval_start }}' AND event_time < TIMESTAMP '{{ data_interval_end }}' GROUP BY customer_id").reads(TXN, all()).writes(DAILY, APPEND).isFull().because("reads every partition of raw.transactions").column("total", AGGREGATED, "raw.transactions.amount"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*) FROM raw.transactions WHERE day BETWEEN DATE '2020-01-01' AND DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, all()).writes(DAILY, APPEND).isFull().column("txn_count", AGGREGATED),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.category_revenue SELECT p.category, SUM(o.quantity * o.price) FROM raw.orders o JOIN dim.products p ON p.product_id = o.product_id WHERE o.order_day = DATE '{{ ds }}' GROUP BY p.category").reads(ORDERS, all()).reads(PRODUCTS, all()).writes("analytics.category_revenue", APPEND).isFull().because("is not partitioned").column("revenue", AGGREGATED, "raw.orders.quantity", "raw.orders.price"),
        c(OPAQUE_OR_FULL, "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*) FROM raw.transactions WHERE EXTRACT(DAY FROM day) = 1 GROUP BY customer_id").reads(TXN, all()).writes(DAILY, APPEND).isFull().column("customer_id", COPIED, "raw.transactions.customer_id"),
        c(OPAQUE_OR_FULL, "SELECT customer_id, SUM(amount) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id").reads(TXN, all()).writesNothing().isFull().column("expr$1", AGGREGATED, "raw.transactions.amount"));
  }
}
