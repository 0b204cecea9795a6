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
}
