package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.offsets;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;
import static io.dataflow.gateway.annotator.AnnotationFixture.window;
import static io.dataflow.gateway.annotator.LineageKind.AGGREGATED;
import static io.dataflow.gateway.annotator.LineageKind.CONSTANT;
import static io.dataflow.gateway.annotator.LineageKind.COPIED;
import static io.dataflow.gateway.annotator.LineageKind.TRANSFORMED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionSet;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The table "What the gateway should infer" of EXAMPLE.md, row by row, and its restatement story. */
class EcommerceExampleTest {

  @Test
  void dailyTotalsAreAMapWithIdentityOnTransactions() {
    task(EcommerceExample.DAILY_CUSTOMER_TOTALS)
        .analyzed(AnalysisMode.RESOLVED).isMap()
        .readsOnly("raw.transactions")
        .reads("raw.transactions").withDependency(identity()).withPredicates("day = ds")
        .writes("analytics.daily_customer_totals", WriteMode.REPLACE_PARTITIONS).writesPartition("ds");
  }

  @Test
  void dailyTotalsLineage() {
    task(EcommerceExample.DAILY_CUSTOMER_TOTALS)
        .column("customer_id", COPIED, "raw.transactions.customer_id")
        .column("day", CONSTANT)
        .column("total", AGGREGATED, "raw.transactions.amount")
        .column("txn_count", AGGREGATED);
  }

  @Test
  void weeklyTotalsArePartialWithASevenDayWindow() {
    task(EcommerceExample.WEEKLY_CUSTOMER_TOTALS)
        .isPartial().because("window -6..0 days")
        .reads("analytics.daily_customer_totals").withDependency(window(-6, 0))
        .withPredicates("day >= ds - 6 days", "day <= ds")
        .writes("analytics.weekly_customer_totals", WriteMode.REPLACE_PARTITIONS)
        .column("total_7d", AGGREGATED, "analytics.daily_customer_totals.total");
  }

  @Test
  void weekOverWeekIsPartialWithOffsetsMinusSevenAndZero() {
    task(EcommerceExample.WEEK_OVER_WEEK)
        .isPartial()
        .readsOnly("analytics.weekly_customer_totals")
        .reads("analytics.weekly_customer_totals").withDependency(offsets(-7L, 0L))
        .writes("analytics.week_over_week", WriteMode.REPLACE_PARTITIONS).writesPartition("ds")
        .column("day", COPIED, "analytics.weekly_customer_totals.day")
        .column("prev_total_7d", COPIED, "analytics.weekly_customer_totals.total_7d")
        .column("change", TRANSFORMED, "analytics.weekly_customer_totals.total_7d");
  }

  @Test
  void lifetimeValueIsFullOnAllPartitions() {
    task(EcommerceExample.CUSTOMER_LIFETIME_VALUE)
        .isFull().because("replaces the whole of analytics.customer_lifetime_value")
        .reads("analytics.daily_customer_totals").withDependency(all())
        .writes("analytics.customer_lifetime_value", WriteMode.FULL_REPLACE)
        .column("first_day", AGGREGATED, "analytics.daily_customer_totals.day");
  }

  @Test
  void aChangeOnTheTenthAffectsTheWeekFromTheTenthToTheSixteenth() {
    PartitionDependency weekly = task(EcommerceExample.WEEKLY_CUSTOMER_TOTALS).annotation()
        .input(TableName.of("analytics.daily_customer_totals")).orElseThrow().dependency();
    assertThat(weekly.affectedBy(LocalDate.of(2024, 1, 10)))
        .isEqualTo(PartitionSet.dateRange(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 16)));
  }

  @Test
  void restatingTheTenthRerunsExactlyTheDaysOfTheExample() {
    PartitionDependency daily = dependency(EcommerceExample.DAILY_CUSTOMER_TOTALS, "raw.transactions");
    PartitionDependency weekly =
        dependency(EcommerceExample.WEEKLY_CUSTOMER_TOTALS, "analytics.daily_customer_totals");
    PartitionDependency weekOverWeek =
        dependency(EcommerceExample.WEEK_OVER_WEEK, "analytics.weekly_customer_totals");
    PartitionDependency lifetime =
        dependency(EcommerceExample.CUSTOMER_LIFETIME_VALUE, "analytics.daily_customer_totals");

    PartitionSet dailyChanged = daily.affectedBy(PartitionSet.ofDates(LocalDate.of(2024, 1, 10)));
    PartitionSet weeklyChanged = weekly.affectedBy(dailyChanged);
    PartitionSet weekOverWeekChanged = weekOverWeek.affectedBy(weeklyChanged);

    assertThat(dailyChanged.dates()).containsExactly(LocalDate.of(2024, 1, 10));
    assertThat(weeklyChanged)
        .isEqualTo(PartitionSet.dateRange(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 16)));
    assertThat(weekOverWeekChanged)
        .isEqualTo(PartitionSet.dateRange(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 23)));
    assertThat(lifetime.affectedBy(dailyChanged).isAll()).isTrue();
  }

  @Test
  void templateParametersAreTypedWithTheirOffsets() {
    TaskAnnotation weekly = task(EcommerceExample.WEEKLY_CUSTOMER_TOTALS).annotation();
    assertThat(weekly.parameters()).extracting(p -> p.expression() + "@" + p.offset())
        .containsExactly("ds@0", "ds@0", "macros.ds_add(ds, -6)@-6", "ds@0");
  }

  private static PartitionDependency dependency(String sql, String input) {
    return task(sql).annotation().input(TableName.of(input)).orElseThrow().dependency();
  }
}
