package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;
import static io.dataflow.gateway.annotator.AnnotationFixture.window;

import io.dataflow.gateway.annotator.AnnotationException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Each dialect's quoting and idioms; errors that say what and where. */
class DialectAndErrorTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theDailyTaskReadsTheSameInEveryDialect(Dialect dialect) {
    task(EcommerceExample.DAILY_CUSTOMER_TOTALS).in(dialect)
        .isMap().reads("raw.transactions").withDependency(identity());
  }

  @Test
  void trinoQuotesIdentifiersWithDoubleQuotes() {
    task("INSERT INTO \"analytics\".\"daily_customer_totals\" SELECT \"customer_id\", \"day\","
        + " SUM(amount), COUNT(*) FROM \"raw\".\"transactions\" WHERE \"day\" = DATE '{{ ds }}'"
        + " GROUP BY 1, 2")
        .isMap().reads("raw.transactions").withDependency(identity());
  }

  @Test
  void sparkAndMysqlQuoteWithBackticks() {
    String sql = "INSERT INTO `analytics`.`daily_customer_totals` SELECT `customer_id`, `day`,"
        + " SUM(`amount`), COUNT(*) FROM `raw`.`transactions` WHERE `day` = '{{ ds }}'"
        + " GROUP BY `customer_id`, `day`";
    task(sql).in(Dialect.SPARK).isMap().reads("raw.transactions").withDependency(identity());
    task(sql).in(Dialect.MYSQL).isMap().reads("raw.transactions").withDependency(identity());
    task(sql).in(Dialect.HIVE).isMap().reads("raw.transactions").withDependency(identity());
  }

  @Test
  void postgresIntervalArithmetic() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}',"
        + " SUM(total) FROM analytics.daily_customer_totals WHERE day >= DATE '{{ ds }}'"
        + " - INTERVAL '6' DAY AND day <= DATE '{{ ds }}' GROUP BY customer_id")
        .in(Dialect.POSTGRESQL)
        .isPartial().reads("analytics.daily_customer_totals").withDependency(window(-6, 0));
  }

  @Test
  void trinoDateAdd() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}',"
        + " SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day BETWEEN date_add('day', -6, DATE '{{ ds }}') AND DATE '{{ ds }}'"
        + " GROUP BY customer_id")
        .isPartial().reads("analytics.daily_customer_totals").withDependency(window(-6, 0));
  }

  @Test
  void sparkDateSub() {
    task("INSERT INTO analytics.weekly_customer_totals SELECT customer_id, DATE '{{ ds }}',"
        + " SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day > date_sub(DATE '{{ ds }}', 7) AND day <= DATE '{{ ds }}'"
        + " GROUP BY customer_id")
        .in(Dialect.SPARK)
        .isPartial().reads("analytics.daily_customer_totals").withDependency(window(-6, 0));
  }

  @Test
  void dsNodashComparedWithAStringPartition() {
    task("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1"
        + " FROM raw.transactions WHERE day = '{{ ds }}'")
        .isMap().reads("raw.transactions").withDependency(identity());
  }

  @Test
  void unparseableSqlNamesLineAndColumnOfTheTemplate() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';\n"
        + "INSERT INTO analytics.daily_customer_totals\n"
        + "SELECT customer_id FROM WHERE day = DATE '{{ ds }}'")
        .fails(Reason.UNPARSEABLE_SQL, "SQL does not parse", 3, 20);
  }

  @Test
  void unparseableSqlAfterATemplateExpressionKeepsTheTemplatesColumns() {
    task("SELECT DATE '{{ macros.ds_add(ds, -6) }}' FROM FROM t")
        .fails(Reason.UNPARSEABLE_SQL, "FROM", 1, 43);
  }

  @Test
  void unsupportedTemplateExpressionsAreNamed() {
    task("SELECT * FROM raw.transactions\nWHERE day = DATE '{{ next_ds }}'")
        .fails(Reason.UNSUPPORTED_TEMPLATE, "{{ next_ds }}", 2, 19);
  }

  @Test
  void unsupportedStatementsAreNamed() {
    task("DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';\n"
        + "  UPDATE analytics.daily_customer_totals SET total = 0")
        .fails(Reason.UNSUPPORTED_STATEMENT, "UPDATE", 2, 3);
  }
}
