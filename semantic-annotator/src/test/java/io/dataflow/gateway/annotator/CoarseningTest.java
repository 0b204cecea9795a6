package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Output partitions that are input partitions truncated to a coarser unit. */
class CoarseningTest {

  private static final PartitionDependency DAYS_TO_MONTHS =
      new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY);

  @Test
  void groupingByTheMonthOfTheDayIsACoarsening() {
    task("INSERT INTO analytics.monthly_customer_totals SELECT customer_id, FLOOR(day TO MONTH),"
        + " SUM(total) FROM analytics.daily_customer_totals"
        + " GROUP BY customer_id, FLOOR(day TO MONTH)")
        .isPartial().because("coarsening days to months")
        .writesPartition("the months of the partitions read", PartitionUnit.MONTH)
        .reads("analytics.daily_customer_totals").withDependency(DAYS_TO_MONTHS);
  }

  @Test
  void trinoDateTruncIsACoarseningToo() {
    task("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', event_day), COUNT(*) FROM raw.events"
        + " WHERE event_day >= DATE '{{ macros.ds_add(ds, -40) }}'"
        + " GROUP BY customer_id, date_trunc('month', event_day)")
        .isPartial().reads("raw.events").withDependency(DAYS_TO_MONTHS);
  }

  @Test
  void aChangedDayAffectsItsMonth() {
    PartitionDependency dependency = task("INSERT INTO analytics.monthly_customer_totals"
        + " SELECT customer_id, FLOOR(day TO MONTH), SUM(total)"
        + " FROM analytics.daily_customer_totals GROUP BY customer_id, FLOOR(day TO MONTH)")
        .annotation().input(TableName.of("analytics.daily_customer_totals")).orElseThrow()
        .dependency();
    assertThat(dependency.affectedBy(LocalDate.of(2024, 1, 10)).dates())
        .containsExactly(LocalDate.of(2024, 1, 1));
    assertThat(dependency.inputsOf(LocalDate.of(2024, 2, 1)).dates()).hasSize(29);
  }

  @Test
  void anotherInputJoinedToACoarsenedOutputIsReadWhole() {
    task("INSERT INTO analytics.monthly_customer_totals SELECT d.customer_id, FLOOR(d.day TO MONTH),"
        + " SUM(d.total) FROM analytics.daily_customer_totals d JOIN raw.transactions t"
        + " ON t.customer_id = d.customer_id AND t.day = DATE '{{ ds }}'"
        + " GROUP BY d.customer_id, FLOOR(d.day TO MONTH)")
        .isFull()
        .reads("analytics.daily_customer_totals").withDependency(DAYS_TO_MONTHS)
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void truncatingToTheSameUnitIsNoCoarsening() {
    task("INSERT INTO analytics.daily_customer_totals SELECT customer_id, FLOOR(day TO DAY),"
        + " SUM(amount), COUNT(*) FROM raw.transactions GROUP BY customer_id, FLOOR(day TO DAY)")
        .isFull().reads("raw.transactions").withDependency(all());
  }

  @Test
  void aBareDayInsideDateTruncIsTheColumnAndEachWeekReadsItsSevenDays() {
    AnnotationFixture weekly = AnnotationFixture.corpusTask("INSERT INTO analytics.weekly_product_sales"
        + " SELECT product_id, date_trunc('week', day) AS week, SUM(revenue)"
        + " FROM analytics.daily_product_sales"
        + " WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}') GROUP BY 1, 2")
        .analyzed(AnalysisMode.RESOLVED).isPartial().because("coarsening days to weeks")
        .writesPartition("the weeks of the partitions read")
        .reads("analytics.daily_product_sales")
        .withDependency(new PartitionDependency.Coarsening(PartitionUnit.WEEK, PartitionUnit.DAY))
        .withPredicates("date_trunc('week', day) = date_trunc('week', ds)");
    PartitionDependency dependency = weekly.annotation()
        .input(TableName.of("analytics.daily_product_sales")).orElseThrow().dependency();
    // the week of Monday 2024-01-08 depends on its seven days, and each of them affects only it
    assertThat(dependency.inputsOf(LocalDate.of(2024, 1, 8)).dates())
        .containsExactlyElementsOf(LocalDate.of(2024, 1, 8).datesUntil(LocalDate.of(2024, 1, 15)).toList());
    assertThat(dependency.affectedBy(LocalDate.of(2024, 1, 14)).dates())
        .containsExactly(LocalDate.of(2024, 1, 8));
    assertThat(dependency.affectedBy(LocalDate.of(2024, 1, 15)).dates())
        .containsExactly(LocalDate.of(2024, 1, 15));
  }

  @Test
  void aBareOrQuotedDayTruncatedToTheMonthIsACoarsening() {
    for (String day : java.util.List.of("day", "DAY", "\"day\"")) {
      task("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
          + " date_trunc('month', " + day + "), SUM(amount) FROM raw.transactions"
          + " WHERE " + day + " BETWEEN date_trunc('month', DATE '{{ ds }}') AND DATE '{{ ds }}'"
          + " GROUP BY 1, 2")
          .analyzed(AnalysisMode.RESOLVED).isPartial()
          .reads("raw.transactions").withDependency(DAYS_TO_MONTHS)
          .withPredicates("day >= date_trunc('month', ds)", "day <= ds");
    }
  }

  @Test
  void aColumnNamedWeekInsideDateTruncIsTheColumn() {
    AnnotationFixture.corpusTask("INSERT INTO analytics.weekly_product_sales"
        + " SELECT product_id, date_trunc('week', week),"
        + " revenue FROM analytics.weekly_product_sales")
        .analyzed(AnalysisMode.RESOLVED).reads("analytics.weekly_product_sales");
  }

  private static final String MONTHLY_ROLLUP = "INSERT INTO analytics.monthly_customer_totals"
      + " (month, customer_id, total) SELECT date_trunc('month', DATE '{{ ds }}') AS month,"
      + " customer_id, SUM(amount) AS total FROM raw.transactions"
      + " WHERE day >= date_trunc('month', DATE '{{ ds }}')"
      + " AND day < date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH GROUP BY customer_id";

  @Test
  void aMonthOfTheLogicalDateDependsOnTheDaysOfThatMonthAndEachDayAffectsItsMonth() {
    AnnotationFixture rollup = AnnotationFixture.corpusTask(MONTHLY_ROLLUP)
        .analyzed(AnalysisMode.RESOLVED).isPartial()
        .because("Each month partition of analytics.monthly_customer_totals reads coarsening days"
            + " to months of raw.transactions")
        .writesPartition("date_trunc('month', ds)", PartitionUnit.MONTH)
        .reads("raw.transactions").withDependency(DAYS_TO_MONTHS)
        .withPredicates("day >= date_trunc('month', ds)", "day < date_trunc('month', ds) + 1 month");
    PartitionDependency dependency = rollup.annotation()
        .input(TableName.of("raw.transactions")).orElseThrow().dependency();
    assertThat(dependency.inputsOf(LocalDate.of(2024, 2, 1)).dates())
        .containsExactlyElementsOf(LocalDate.of(2024, 2, 1).datesUntil(LocalDate.of(2024, 3, 1)).toList());
    assertThat(dependency.affectedBy(LocalDate.of(2024, 2, 29)).dates())
        .containsExactly(LocalDate.of(2024, 2, 1));
    assertThat(dependency.affectedBy(LocalDate.of(2024, 3, 1)).dates())
        .containsExactly(LocalDate.of(2024, 3, 1));
  }

  @Test
  void aRunThatReadsDaysBeforeItsMonthMakesEveryMonthDependOnMoreThanItsDays() {
    AnnotationFixture.corpusTask("INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day >= date_trunc('month', DATE '{{ ds }}') - INTERVAL '7' DAY"
        + " AND day < date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH GROUP BY customer_id")
        .isFull().because("do not keep what one month partition")
        .reads("raw.transactions").withDependency(all())
        .withPredicates("day >= date_trunc('month', ds) - 7 days",
            "day < date_trunc('month', ds) + 1 month");
  }

  @Test
  void aWeekOfTheLogicalDateReadWithoutAnUpperBoundReadsEveryPartition() {
    AnnotationFixture.corpusTask("INSERT INTO analytics.weekly_product_sales SELECT product_id,"
        + " date_trunc('week', DATE '{{ ds }}'), SUM(revenue) FROM analytics.daily_product_sales"
        + " WHERE day >= date_trunc('week', DATE '{{ ds }}') GROUP BY product_id")
        .isFull().reads("analytics.daily_product_sales").withDependency(all());
  }

  @Test
  void aYearIsCheckedAgainstTheCalendarOfLeapAndCommonYears() {
    String year = "INSERT INTO analytics.yearly_customer_totals SELECT customer_id,"
        + " date_trunc('year', DATE '{{ ds }}'), SUM(total) FROM analytics.daily_customer_totals"
        + " WHERE day >= date_trunc('year', DATE '{{ ds }}')"
        + " AND day %s date_trunc('year', DATE '{{ ds }}') + INTERVAL '365' DAY GROUP BY customer_id";
    // 365 days on from January 1st is December 31st of a leap year, but January 1st after a common one
    AnnotationFixture.corpusTask(year.formatted("<")).isPartial()
        .reads("analytics.daily_customer_totals")
        .withDependency(new PartitionDependency.Coarsening(PartitionUnit.YEAR, PartitionUnit.DAY));
    AnnotationFixture.corpusTask(year.formatted("<=")).isFull()
        .reads("analytics.daily_customer_totals").withDependency(all());
  }

  @Test
  void aMonthWrittenFromTheDayBeforeIsTheMonthBeforeOnTheFirst() {
    AnnotationFixture.corpusTask("DELETE FROM analytics.monthly_customer_totals"
        + " WHERE month = date_trunc('month', DATE '{{ yesterday_ds }}');"
        + " INSERT INTO analytics.monthly_customer_totals SELECT customer_id,"
        + " date_trunc('month', DATE '{{ yesterday_ds }}'), SUM(amount) FROM raw.transactions"
        + " WHERE day >= date_trunc('month', DATE '{{ yesterday_ds }}')"
        + " AND day < date_trunc('month', DATE '{{ ds }}') GROUP BY customer_id")
        .isPartial().writes("analytics.monthly_customer_totals", WriteMode.REPLACE_PARTITIONS)
        .writesPartition("date_trunc('month', ds - 1 days)")
        .reads("raw.transactions").withDependency(DAYS_TO_MONTHS);
  }

  @Test
  void aDeleteOfTheWeekBeforeTheOneWrittenIsNoReplacement() {
    AnnotationFixture.corpusTask("DELETE FROM analytics.weekly_product_sales"
        + " WHERE week = date_trunc('week', DATE '{{ ds }}') - INTERVAL '7' DAY;"
        + " INSERT INTO analytics.weekly_product_sales SELECT product_id,"
        + " date_trunc('week', DATE '{{ ds }}'), SUM(revenue) FROM analytics.daily_product_sales"
        + " WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}') GROUP BY product_id")
        .isOpaque().because("the DELETE removes the weeks of analytics.weekly_product_sales where"
            + " week = date_trunc('week', ds) - 7 days but the INSERT writes the week"
            + " date_trunc('week', ds): for logical date 2023-12-25 it removes [2023-12-18] and"
            + " writes [2023-12-25]");
  }
}
