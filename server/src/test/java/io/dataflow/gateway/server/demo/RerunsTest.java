package io.dataflow.gateway.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the demo reads in the run records of a restatement, and what it says a cron rerun leaves stale. */
class RerunsTest {

  private static final LocalDate DAY = LocalDate.of(2024, 1, 10);

  private static Reruns.Run run(String dataset, String... partitions) {
    return new Reruns.Run("ecommerce_daily." + dataset, "analytics." + dataset, List.of(partitions), "BATCHED_RANGE", List.of("snapshot event-6"));
  }

  private static final Reruns RESTATEMENT = new Reruns(DAY, List.of(
      run("daily_customer_totals", "2024-01-10"),
      run("weekly_customer_totals", "2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13"),
      run("weekly_customer_totals", "2024-01-14", "2024-01-15", "2024-01-16"),
      run("customer_lifetime_value", Reruns.UNPARTITIONED)));

  @Test
  void runsOfOneDatasetAreMergedAndConsecutiveDaysWrittenAsRanges() {
    assertThat(Reruns.ranges(RESTATEMENT.byDataset().get("analytics.weekly_customer_totals")))
        .isEqualTo("2024-01-10..2024-01-16 (7 days)");
    assertThat(Reruns.ranges(new TreeSet<>(Set.of("2024-01-10", "2024-01-12", "2024-01-13", "(unpartitioned)"))))
        .isEqualTo("(unpartitioned), 2024-01-10, 2024-01-12..2024-01-13 (2 days)");
  }

  @Test
  void aCronRerunOfTheRestatedDayLeavesEveryOtherPartitionStaleButRebuildsUnpartitionedTables() {
    assertThat(RESTATEMENT.staleAfterCronRerun()).isEqualTo(Map.of(
        "analytics.weekly_customer_totals", new TreeSet<>(Set.of("2024-01-11", "2024-01-12", "2024-01-13", "2024-01-14", "2024-01-15", "2024-01-16"))));
  }

  @Test
  void linesAlignTheDatasets() {
    assertThat(Reruns.lines(RESTATEMENT.byDataset(), 36)).containsExactly(
        "analytics.customer_lifetime_value   (unpartitioned)",
        "analytics.daily_customer_totals     2024-01-10",
        "analytics.weekly_customer_totals    2024-01-10..2024-01-16 (7 days)");
  }
}
