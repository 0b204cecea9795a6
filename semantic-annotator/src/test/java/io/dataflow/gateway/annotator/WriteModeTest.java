package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;

import org.junit.jupiter.api.Test;

/** How each way of writing the output is recognized. */
class WriteModeTest {

  private static final String SELECT_DAY = "SELECT customer_id, day, amount AS total, 1 AS txn_count"
      + " FROM raw.transactions WHERE day = DATE '{{ ds }}'";

  @Test
  void insertAloneAppends() {
    task("INSERT INTO analytics.daily_customer_totals " + SELECT_DAY)
        .writes("analytics.daily_customer_totals", WriteMode.APPEND).isMap()
        .reads("raw.transactions").withDependency(identity());
  }

  @Test
  void deleteOfThePartitionThenInsertReplacesPartitions() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';\n"
        + "INSERT INTO analytics.daily_customer_totals " + SELECT_DAY)
        .writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS).isMap();
  }

  @Test
  void truncateThenInsertReplacesTheWholeTable() {
    task("TRUNCATE TABLE analytics.daily_customer_totals; INSERT INTO analytics.daily_customer_totals "
        + SELECT_DAY)
        .writes("analytics.daily_customer_totals", WriteMode.FULL_REPLACE).isFull()
        .because("replaces the whole of analytics.daily_customer_totals");
  }

  @Test
  void createTableAsReplacesTheWholeTable() {
    task("CREATE TABLE analytics.customer_lifetime_value AS SELECT customer_id,"
        + " SUM(amount) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day"
        + " FROM raw.transactions GROUP BY customer_id")
        .writes("analytics.customer_lifetime_value", WriteMode.FULL_REPLACE).isFull()
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void hiveInsertOverwriteOfAStaticPartitionReplacesIt() {
    task("INSERT OVERWRITE TABLE analytics.daily_customer_totals PARTITION (day = '{{ ds }}')\n"
        + "SELECT customer_id, SUM(amount), COUNT(*) FROM raw.transactions"
        + " WHERE day = '{{ ds }}' GROUP BY customer_id")
        .in(Dialect.HIVE)
        .writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS)
        .writesPartition("ds", io.dataflow.gateway.annotator.partition.PartitionUnit.DAY).isMap()
        .reads("raw.transactions").withDependency(identity())
        .column("total", LineageKind.AGGREGATED, "raw.transactions.amount");
  }

  @Test
  void hiveInsertOverwriteWithADynamicPartitionTakesItFromTheLastColumn() {
    task("INSERT OVERWRITE TABLE analytics.daily_customer_totals PARTITION (day)\n"
        + "SELECT customer_id, SUM(amount), COUNT(*), day FROM raw.transactions"
        + " WHERE day BETWEEN '{{ macros.ds_add(ds, -2) }}' AND '{{ ds }}'"
        + " GROUP BY customer_id, day")
        .in(Dialect.HIVE)
        .writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS).isMap()
        .reads("raw.transactions").withDependency(identity())
        .column("day", LineageKind.COPIED, "raw.transactions.day")
        .column("txn_count", LineageKind.AGGREGATED);
  }

  @Test
  void selectStarIsResolvedAgainstTheSchema() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT * FROM analytics.weekly_customer_totals"
        + " WHERE day = DATE '{{ macros.ds_add(ds, -7) }}'")
        .writes("analytics.weekly_customer_totals", WriteMode.APPEND).isMap()
        .writesPartition("ds - 7 days")
        .column("total_7d", LineageKind.COPIED, "analytics.weekly_customer_totals.total_7d");
  }

  @Test
  void mergeIsAnUpsert() {
    task("MERGE INTO analytics.customer_lifetime_value t USING (SELECT customer_id,"
        + " SUM(amount) AS total FROM raw.transactions WHERE day = DATE '{{ ds }}'"
        + " GROUP BY customer_id) s ON t.customer_id = s.customer_id"
        + " WHEN MATCHED THEN UPDATE SET lifetime_total = t.lifetime_total + s.total"
        + " WHEN NOT MATCHED THEN INSERT (customer_id, lifetime_total) VALUES (s.customer_id, s.total)")
        .writes("analytics.customer_lifetime_value", WriteMode.MERGE).isFull()
        .because("merges into analytics.customer_lifetime_value by key")
        .readsOnly("raw.transactions");
  }

  @Test
  void postgresOnConflictIsAnUpsert() {
    task("INSERT INTO analytics.daily_customer_totals " + SELECT_DAY
        + " ON CONFLICT (customer_id, day) DO UPDATE SET total = EXCLUDED.total")
        .in(Dialect.POSTGRESQL)
        .writes("analytics.daily_customer_totals", WriteMode.MERGE);
  }

  @Test
  void deleteAloneDeletes() {
    task("DELETE FROM raw.transactions WHERE day < DATE '{{ macros.ds_add(ds, -90) }}'")
        .writes("raw.transactions", WriteMode.DELETE).readsOnly();
  }

  @Test
  void truncateAloneEmptiesTheTable() {
    task("TRUNCATE analytics.weekly_customer_totals")
        .writes("analytics.weekly_customer_totals", WriteMode.FULL_REPLACE).isFull().readsOnly();
  }

  @Test
  void writingTwoTablesIsOpaque() {
    task("INSERT INTO analytics.daily_customer_totals " + SELECT_DAY + ";\n"
        + "INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day, amount"
        + " FROM raw.transactions WHERE day = DATE '{{ ds }}'")
        .isOpaque().because("writes several tables");
  }

  @Test
  void deletingAnotherPartitionThanTheOneWrittenIsNotAReplacement() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';\n"
        + "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1"
        + " FROM raw.transactions WHERE day = DATE '{{ yesterday_ds }}'")
        .isOpaque().because("the DELETE removes partitions [ds] of analytics.daily_customer_totals"
            + " but the query writes [ds - 1 days]");
  }

  @Test
  void deletingRowsByAnotherColumnIsNotAReplacement() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}'"
        + " AND customer_id > 100;\n"
        + "INSERT INTO analytics.daily_customer_totals " + SELECT_DAY)
        .isOpaque().because("selects rows by more than its partition column");
  }

  @Test
  void deletingASetOfPartitionsThatIsWrittenIsAReplacement() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day IN (DATE '{{ ds }}');\n"
        + "INSERT INTO analytics.daily_customer_totals " + SELECT_DAY)
        .isMap().writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS);
  }
}
