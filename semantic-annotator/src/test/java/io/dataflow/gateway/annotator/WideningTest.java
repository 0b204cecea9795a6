package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;
import static io.dataflow.gateway.annotator.AnnotationFixture.window;

import io.dataflow.gateway.annotator.schema.SchemaProvider;
import org.junit.jupiter.api.Test;

/** When in doubt the annotator widens, never narrows, and says why. */
class WideningTest {

  private static final String INSERT_DAILY = "INSERT INTO analytics.daily_customer_totals ";

  @Test
  void nowIsNonDeterministic() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE day = DATE '{{ ds }}' AND event_time < CURRENT_TIMESTAMP")
        .isOpaque().because("non-deterministic current_timestamp()");
  }

  @Test
  void randomIsNonDeterministic() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount * RAND(), 1 FROM raw.transactions"
        + " WHERE day = DATE '{{ ds }}'")
        .isOpaque().because("non-deterministic rand()");
  }

  @Test
  void limitWithoutOrderPicksArbitraryRows() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE day = DATE '{{ ds }}' LIMIT 10")
        .isOpaque().because("LIMIT without ORDER BY");
  }

  @Test
  void limitWithOrderIsDeterministic() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE day = DATE '{{ ds }}' ORDER BY amount DESC LIMIT 10")
        .isMap();
  }

  @Test
  void anUnknownFunctionOnThePartitionColumnFallsBackToSyntaxAndOpaque() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE my_udf(day) = DATE '{{ ds }}'")
        .isOpaque().analyzed(AnalysisMode.SYNTACTIC).because("my_udf")
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void aPredicateNotUnderstoodIsDroppedWhichReadsEverything() {
    task(INSERT_DAILY + "SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*)"
        + " FROM raw.transactions WHERE EXTRACT(DAY FROM day) = 1 GROUP BY customer_id")
        .isFull().because("reads every partition of raw.transactions")
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void passingThePartitionColumnThroughIsAMapWhateverTheTaskReadsPerRun() {
    task(INSERT_DAILY + "SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE EXTRACT(DAY FROM day) = 1")
        .isMap().reads("raw.transactions").withDependency(identity());
  }

  @Test
  void anOpenWindowReadsEverything() {
    task(INSERT_DAILY + "SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*)"
        + " FROM raw.transactions WHERE day <= DATE '{{ ds }}' GROUP BY customer_id")
        .isFull().reads("raw.transactions").withDependency(all());
  }

  @Test
  void aFixedDateIsNotRelativeToTheLogicalDate() {
    task(INSERT_DAILY + "SELECT customer_id, DATE '{{ ds }}', SUM(amount), COUNT(*)"
        + " FROM raw.transactions WHERE day BETWEEN DATE '2020-01-01' AND DATE '{{ ds }}'"
        + " GROUP BY customer_id")
        .isFull().reads("raw.transactions").withDependency(all());
  }

  @Test
  void groupByWithoutThePartitionColumnIntoAnUnpartitionedTableIsFull() {
    task("INSERT INTO analytics.customer_lifetime_value SELECT customer_id, SUM(amount),"
        + " MIN(day), MAX(day) FROM raw.transactions GROUP BY customer_id")
        .isFull().because("not partitioned");
  }

  @Test
  void withoutASchemaTheAnalysisIsSyntacticAndSaysSo() {
    task(EcommerceExample.DAILY_CUSTOMER_TOTALS).withSchema(SchemaProvider.none())
        .analyzed(AnalysisMode.SYNTACTIC).isOpaque()
        .noting("the schema provider does not know raw.transactions")
        .writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS)
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void aDimensionJoinKeepsTheMapAndReadsTheDimensionWhole() {
    task(INSERT_DAILY + "SELECT t.customer_id, t.day, SUM(t.amount), COUNT(*)"
        + " FROM raw.transactions t JOIN dim.customers c ON c.customer_id = t.customer_id"
        + " WHERE t.day = DATE '{{ ds }}' AND c.country = 'DE' GROUP BY t.customer_id, t.day")
        .isMap().noting("dim.customers is not partitioned")
        .reads("raw.transactions").withDependency(identity())
        .reads("dim.customers").withDependency(all());
  }

  @Test
  void intervalArithmeticOnTheLogicalDateIsAWindow() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}',"
        + " SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day > DATE '{{ ds }}' - INTERVAL '7' DAY AND day <= DATE '{{ ds }}'"
        + " GROUP BY customer_id")
        .isPartial().reads("analytics.daily_customer_totals").withDependency(window(-6, 0));
  }

  @Test
  void aSubqueryAndCteAreFollowed() {
    task("INSERT INTO analytics.weekly_customer_totals WITH recent AS (SELECT * FROM"
        + " analytics.daily_customer_totals WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -29) }}'"
        + " AND DATE '{{ ds }}') SELECT customer_id, DATE '{{ ds }}', SUM(total) FROM recent"
        + " WHERE customer_id IN (SELECT customer_id FROM dim.customers) GROUP BY customer_id")
        .isPartial().readsOnly("analytics.daily_customer_totals", "dim.customers")
        .reads("analytics.daily_customer_totals").withDependency(window(-29, 0));
  }

  @Test
  void aConditionOnThePreservedSideOfALeftJoinFiltersNothing() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT cur.customer_id, DATE '{{ ds }}',"
        + " SUM(cur.total_7d) FROM analytics.weekly_customer_totals cur"
        + " LEFT JOIN analytics.daily_customer_totals d"
        + " ON d.customer_id = cur.customer_id AND cur.day = DATE '{{ ds }}'"
        + " AND d.day = DATE '{{ ds }}' GROUP BY cur.customer_id")
        .isFull()
        .reads("analytics.weekly_customer_totals").withDependency(all())
        .reads("analytics.daily_customer_totals").withDependency(identity());
  }

  @Test
  void aWindowFunctionOverAPassedThroughPartitionSeesTheWholeRangeRead() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id, day,"
        + " SUM(total) OVER (PARTITION BY customer_id ORDER BY day ROWS 6 PRECEDING)"
        + " FROM analytics.daily_customer_totals"
        + " WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'")
        .isPartial()
        .reads("analytics.daily_customer_totals").withDependency(window(-6, 6))
        .column("total_7d", LineageKind.AGGREGATED, "analytics.daily_customer_totals.total",
            "analytics.daily_customer_totals.customer_id", "analytics.daily_customer_totals.day");
  }

  @Test
  void unionAllOfTwoPartitionedInputsFollowsBoth() {
    task("INSERT INTO analytics.daily_customer_totals"
        + " SELECT customer_id, day, total, txn_count FROM analytics.daily_customer_totals"
        + " WHERE day = DATE '{{ macros.ds_add(ds, -1) }}'"
        + " UNION ALL SELECT customer_id, day, amount, 1 FROM raw.transactions"
        + " WHERE day = DATE '{{ macros.ds_add(ds, -1) }}'")
        .isMap().writesPartition("ds - 1 days")
        .reads("raw.transactions").withDependency(identity())
        .reads("analytics.daily_customer_totals").withDependency(identity());
  }

  @Test
  void aWindowOfTheDayBeforeIsRelativeToTheWrittenPartition() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id,"
        + " DATE '{{ macros.ds_add(ds, -1) }}', SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -7) }}' AND DATE '{{ yesterday_ds }}'"
        + " GROUP BY customer_id")
        .isPartial().writesPartition("ds - 1 days")
        .reads("analytics.daily_customer_totals").withDependency(window(-6, 0));
  }
}
