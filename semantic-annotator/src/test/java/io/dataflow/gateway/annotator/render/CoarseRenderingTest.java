package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.Dialect;
import io.trino.sql.tree.Merge;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Replacing week and month partitions of a table whose partition value is an input's day truncated
 * to that unit: each partition comes from the run for its last day, restricted to its rows, when
 * that run reads every input day of it.
 */
class CoarseRenderingTest {

  private static final ExecutionRenderer RENDERER =
      ExecutionRenderer.create(Corpus.SCHEMA, TableMapping.identity());

  private static final String WEEKLY = "INSERT INTO analytics.weekly_product_sales"
      + " SELECT product_id, date_trunc('week', day) AS week, SUM(revenue)"
      + " FROM analytics.daily_product_sales"
      + " WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}') GROUP BY 1, 2";

  private static final String MONTH_TO_DATE = "INSERT INTO analytics.monthly_customer_totals"
      + " SELECT customer_id, date_trunc('month', day), SUM(amount) FROM raw.transactions"
      + " WHERE day BETWEEN date_trunc('month', DATE '{{ ds }}') AND DATE '{{ ds }}'"
      + " GROUP BY 1, 2";

  private static String replace(String sql, LocalDate first, LocalDate last) {
    String rendered = RENDERER.replace(Transform.of(sql, Dialect.TRINO), OutputScope.days(first, last));
    TrinoGrammar.parse(rendered, Merge.class);
    return rendered;
  }

  private static void refused(String sql, LocalDate first, LocalDate last, String why) {
    assertThatThrownBy(() -> RENDERER.replace(Transform.of(sql, Dialect.TRINO),
        OutputScope.days(first, last)))
        .isInstanceOfSatisfying(AnnotationException.class,
            e -> assertThat(e.reason()).isEqualTo(AnnotationException.Reason.NOT_RENDERABLE))
        .hasMessageContaining(why);
  }

  @Test
  void twoWeeksAreReplacedFromTheRunsOfTheirSundays() {
    String sql = replace(WEEKLY, LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 21));
    assertThat(sql).isEqualTo("""
        MERGE INTO "analytics"."weekly_product_sales" AS "target"
        USING (
          SELECT 'insert' AS "$dataflow_op", "rows"."product_id" AS "product_id", "rows"."week" AS "week", "rows"."revenue" AS "revenue", NULL AS "$dataflow_key"
          FROM (
            SELECT "product_id", DATE_TRUNC('week', "day") AS "week", SUM("revenue")
            FROM "analytics"."daily_product_sales"
            WHERE DATE_TRUNC('week', "day") = DATE_TRUNC('week', DATE '2024-01-14')
            GROUP BY 1, 2
          ) AS "rows" ("product_id", "week", "revenue")
          WHERE "rows"."week" = DATE '2024-01-08'
          UNION ALL
          SELECT 'insert' AS "$dataflow_op", "rows"."product_id" AS "product_id", "rows"."week" AS "week", "rows"."revenue" AS "revenue", NULL AS "$dataflow_key"
          FROM (
            SELECT "product_id", DATE_TRUNC('week', "day") AS "week", SUM("revenue")
            FROM "analytics"."daily_product_sales"
            WHERE DATE_TRUNC('week', "day") = DATE_TRUNC('week', DATE '2024-01-21')
            GROUP BY 1, 2
          ) AS "rows" ("product_id", "week", "revenue")
          WHERE "rows"."week" = DATE '2024-01-15'
          UNION ALL
          SELECT 'delete', NULL, NULL, NULL, "p" FROM UNNEST(sequence(DATE '2024-01-08', DATE '2024-01-15', INTERVAL '7' DAY)) AS "weeks" ("p")
        ) AS "source"
        ON "target"."week" = "source"."$dataflow_key" AND "target"."week" BETWEEN DATE '2024-01-08' AND DATE '2024-01-15'
        WHEN MATCHED THEN DELETE
        WHEN NOT MATCHED AND "source"."$dataflow_op" = 'insert' AND "source"."week" BETWEEN DATE '2024-01-08' AND DATE '2024-01-15'
          THEN INSERT ("product_id", "week", "revenue")
          VALUES ("source"."product_id", "source"."week", "source"."revenue")""");
  }

  @Test
  void oneMonthToDateTaskIsReplacedFromTheRunOfTheLastDayOfTheMonth() {
    String sql = replace(MONTH_TO_DATE, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29));
    assertThat(sql)
        .contains("WHERE \"day\" BETWEEN (DATE_TRUNC('month', DATE '2024-02-29'))"
            + " AND DATE '2024-02-29'")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-02-01'")
        .contains("SELECT 'delete', NULL, NULL, NULL, DATE '2024-02-01'\n")
        .contains("ON \"target\".\"month\" = \"source\".\"$dataflow_key\""
            + " AND \"target\".\"month\" = DATE '2024-02-01'")
        .contains("AND \"source\".\"month\" = DATE '2024-02-01'");
    assertThat(sql.split("UNION ALL", -1)).as("one run and the marker row").hasSize(2);
  }

  @Test
  void aTaskThatReadsEveryDayRecomputesEachMonthFromItsOwnRows() {
    String sql = replace("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', day), SUM(amount) FROM raw.transactions GROUP BY 1, 2",
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
    assertThat(sql)
        .contains("WHERE \"rows\".\"month\" = DATE '2024-01-01'")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-02-01'")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-03-01'")
        .contains("FROM UNNEST(sequence(DATE '2024-01-01', DATE '2024-03-01', INTERVAL '1' MONTH))"
            + " AS \"months\" (\"p\")")
        .contains("\"target\".\"month\" BETWEEN DATE '2024-01-01' AND DATE '2024-03-01'");
    assertThat(sql.split("UNION ALL", -1)).as("three runs and the markers").hasSize(4);
  }

  @Test
  void aScopeThatCutsAWeekIsRefused() {
    refused(WEEKLY, LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 14),
        "the scope must run from the first day of a week to the last day of one, not 2024-01-10"
            + " to 2024-01-14");
    refused(MONTH_TO_DATE, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 28),
        "the first day of a month to the last day of one");
  }

  @Test
  void aRunThatReadsOnlyPartOfItsMonthIsRefused() {
    refused("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', day), SUM(amount) FROM raw.transactions"
        + " WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}' GROUP BY 1, 2",
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        "the run for 2024-01-31, the last day of the month 2024-01-01, does not read every day of"
            + " that month from raw.transactions (it reads day >= ds - 6 days AND day <= ds)");
  }

  @Test
  void aConditionOnTheDayThatIsNotUnderstoodIsRefused() {
    refused("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', day), SUM(amount) FROM raw.transactions"
        + " WHERE EXTRACT(DOW FROM day) = 1 GROUP BY 1, 2",
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        "a condition on day is not understood");
  }

  private static final String MONTHLY_ROLLUP = "INSERT INTO analytics.monthly_customer_totals"
      + " (month, customer_id, total) SELECT date_trunc('month', DATE '{{ ds }}') AS month,"
      + " customer_id, SUM(amount) AS total FROM raw.transactions"
      + " WHERE day >= date_trunc('month', DATE '{{ ds }}')"
      + " AND day < date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH GROUP BY customer_id";

  private static final String WEEK_REPLACED = "DELETE FROM analytics.weekly_product_sales"
      + " WHERE week = date_trunc('week', DATE '{{ ds }}'); INSERT INTO analytics.weekly_product_sales"
      + " SELECT o.product_id, date_trunc('week', o.order_day), SUM(o.quantity * o.price)"
      + " FROM raw.orders o WHERE o.order_day >= date_trunc('week', DATE '{{ ds }}')"
      + " AND o.order_day < date_trunc('week', DATE '{{ ds }}') + INTERVAL '7' DAY"
      + " GROUP BY o.product_id, date_trunc('week', o.order_day)";

  /** The date each run of a statement truncates in its select list, in order of the runs. */
  private static java.util.List<String> runs(String sql) {
    java.util.List<String> dates = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?m)^ +SELECT .*?DATE_TRUNC\\('\\w+', DATE '(\\d{4}-\\d{2}-\\d{2})'\\)")
        .matcher(sql);
    while (m.find()) {
      dates.add(m.group(1));
    }
    return dates;
  }

  @Test
  void eachMonthOfTheLogicalDateIsReplacedFromTheRunOfItsLastDay() {
    String sql = replace(MONTHLY_ROLLUP, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
    assertThat(runs(sql)).containsExactly("2024-01-31", "2024-02-29", "2024-03-31");
    assertThat(sql)
        .contains("WHERE \"day\" >= DATE_TRUNC('month', DATE '2024-02-29')"
            + " AND \"day\" < DATE_TRUNC('month', DATE '2024-02-29') + INTERVAL '1' MONTH")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-02-01'")
        .contains("FROM UNNEST(sequence(DATE '2024-01-01', DATE '2024-03-01', INTERVAL '1' MONTH))"
            + " AS \"months\" (\"p\")")
        .contains("\"target\".\"month\" BETWEEN DATE '2024-01-01' AND DATE '2024-03-01'")
        .contains("THEN INSERT (\"month\", \"customer_id\", \"total\")");
    assertThat(sql.split("UNION ALL", -1)).as("three runs and the markers").hasSize(4);
  }

  @Test
  void theDeleteOfAWeekAndItsInsertAreReplacedWeekByWeek() {
    String sql = replace(WEEK_REPLACED, LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 21));
    assertThat(sql)
        .contains("WHERE \"o\".\"order_day\" >= DATE_TRUNC('week', DATE '2024-01-14')")
        .contains("WHERE \"o\".\"order_day\" >= DATE_TRUNC('week', DATE '2024-01-21')")
        .contains("WHERE \"rows\".\"week\" = DATE '2024-01-08'")
        .contains("WHERE \"rows\".\"week\" = DATE '2024-01-15'")
        .contains("sequence(DATE '2024-01-08', DATE '2024-01-15', INTERVAL '7' DAY)")
        .doesNotContain("DELETE FROM");
    assertThat(sql.split("UNION ALL", -1)).as("two runs and the markers").hasSize(3);
  }

  @Test
  void aWeekAndAYearOfTheLogicalDateAreReplacedFromTheirLastRuns() {
    String week = replace("INSERT INTO analytics.weekly_product_sales SELECT product_id,"
        + " date_trunc('week', DATE '{{ ds }}') AS week, SUM(revenue)"
        + " FROM analytics.daily_product_sales WHERE day >= date_trunc('week', DATE '{{ ds }}')"
        + " AND day < date_trunc('week', DATE '{{ ds }}') + INTERVAL '7' DAY GROUP BY product_id",
        LocalDate.of(2024, 2, 26), LocalDate.of(2024, 3, 10));
    assertThat(runs(week)).containsExactly("2024-03-03", "2024-03-10");
    String year = replace("INSERT INTO analytics.yearly_customer_totals SELECT customer_id,"
        + " date_trunc('year', DATE '{{ ds }}'), SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day >= date_trunc('year', DATE '{{ ds }}')"
        + " AND day < date_trunc('year', DATE '{{ ds }}') + INTERVAL '1' YEAR GROUP BY customer_id",
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    assertThat(runs(year)).containsExactly("2024-12-31");
    assertThat(year).contains("\"target\".\"year\" = DATE '2024-01-01'");
  }

  @Test
  void aMonthClosedOnTheFirstIsWrittenByTheRunOfTheFirstOfTheNextMonth() {
    String sql = replace("DELETE FROM analytics.monthly_customer_totals"
        + " WHERE month = date_trunc('month', DATE '{{ yesterday_ds }}');"
        + " INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ yesterday_ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day >= date_trunc('month', DATE '{{ yesterday_ds }}')"
        + " AND day < date_trunc('month', DATE '{{ ds }}') GROUP BY customer_id",
        LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29));
    assertThat(runs(sql)).containsExactly("2024-02-29");
    assertThat(sql).contains("< DATE_TRUNC('month', DATE '2024-03-01')")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-02-01'");
  }

  @Test
  void dailyAppendsToTheMonthAreEveryRunOfTheMonth() {
    String sql = replace("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day = DATE '{{ ds }}' GROUP BY customer_id",
        LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29));
    assertThat(runs(sql)).hasSize(29).startsWith("2024-02-01").endsWith("2024-02-29");
    assertThat(sql).contains("WHERE \"day\" = DATE '2024-02-10'");
  }

  @Test
  void aReplacedMonthIsTheLastRunsEvenWhenThatRunReadsLess() {
    String sql = replace("DELETE FROM analytics.monthly_customer_totals"
        + " WHERE month = date_trunc('month', DATE '{{ ds }}');"
        + " INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}' GROUP BY customer_id",
        LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29));
    assertThat(runs(sql)).containsExactly("2024-02-29");
  }

  @Test
  void appendsThatReadOverlappingDaysAreRefused() {
    refused("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}' GROUP BY customer_id",
        LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29),
        "each daily run appends to the month 2024-02-01, but the run for 2024-02-29, the last to"
            + " write it, does not read every day the others read from raw.transactions, and the"
            + " runs do not read disjoint days of it (day >= ds - 6 days AND day <= ds)");
  }

  @Test
  void aMonthOfTheLogicalDateIsRenderedForWholeMonthsOnly() {
    refused(MONTHLY_ROLLUP, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 28),
        "the scope must run from the first day of a month to the last day of one, not 2024-02-01"
            + " to 2024-02-28");
  }

  @Test
  void hiveTruncOfTheLogicalDateIsWrittenAsTrinosDateTrunc() {
    String sql = RENDERER.replace(new Transform("INSERT OVERWRITE TABLE"
        + " analytics.monthly_customer_totals PARTITION (month) SELECT customer_id, SUM(amount),"
        + " trunc('{{ ds }}', 'MM') FROM raw.transactions"
        + " WHERE day BETWEEN trunc('{{ ds }}', 'MM') AND '{{ ds }}' GROUP BY customer_id",
        Dialect.HIVE, java.util.Map.of()), OutputScope.days(LocalDate.of(2024, 2, 1),
        LocalDate.of(2024, 2, 29)));
    TrinoGrammar.parse(sql, Merge.class);
    assertThat(sql).contains("DATE_TRUNC('month', CAST('2024-02-29' AS DATE))")
        .contains("WHERE \"rows\".\"month\" = DATE '2024-02-01'");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"x'; DROP TABLE t; --", "a' OR '1'='1", "\\'; --", "'; DELETE FROM x /*"})
  void hostileParameterValuesStayOneLiteralInAMonthReplacement(String hostile) {
    String sql = RENDERER.replace(new Transform("DELETE FROM analytics.monthly_customer_totals"
        + " WHERE month = date_trunc('month', DATE '{{ ds }}');"
        + " INSERT INTO analytics.monthly_customer_totals SELECT t.customer_id,"
        + " date_trunc('month', DATE '{{ ds }}'), SUM(t.amount) FROM raw.transactions t"
        + " JOIN dim.customers c ON c.customer_id = t.customer_id"
        + " WHERE t.day BETWEEN date_trunc('month', DATE '{{ ds }}') AND DATE '{{ ds }}'"
        + " AND c.country = '{{ params.v }}' GROUP BY t.customer_id", Dialect.TRINO,
        java.util.Map.of("v", hostile)), OutputScope.days(LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 2, 29)));
    Merge merge = TrinoGrammar.parse(sql, Merge.class);
    assertThat(TrinoGrammar.stringLiterals(merge)).contains(hostile);
    assertThat(runs(sql)).containsExactly("2024-01-31", "2024-02-29");
  }
}
