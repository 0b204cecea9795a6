package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import java.time.Duration;
import java.time.LocalDate;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TaskRunnerScopeTest {

  @Test
  void aContiguousRangeOfDaysIsOneScope() {
    TreeSet<PartitionKey> days = new TreeSet<>();
    for (int d = 10; d <= 16; d++) {
      days.add(PartitionKey.day(LocalDate.of(2024, 1, d)));
    }
    assertThat(TaskRunner.scope(days)).isEqualTo(OutputScope.days(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 16)));
  }

  @Test
  void daysWithAGapAreRefusedRatherThanRewritingTheGap() {
    TreeSet<PartitionKey> days = new TreeSet<>();
    days.add(PartitionKey.day("2024-01-10"));
    days.add(PartitionKey.day("2024-01-12"));
    assertThatThrownBy(() -> TaskRunner.scope(days)).hasMessageContaining("not contiguous");
  }

  @Test
  void theUnpartitionedKeyIsTheWholeTable() {
    TreeSet<PartitionKey> all = new TreeSet<>();
    all.add(PartitionKey.unpartitioned());
    assertThat(TaskRunner.scope(all)).isInstanceOf(OutputScope.WholeTable.class);
  }

  @Test
  void wholeMonthsAreTheDaysFromTheFirstMonthsFirstToTheLastMonthsLast() {
    TreeSet<PartitionKey> months = new TreeSet<>(java.util.List.of(PartitionKey.month("2024-01"), PartitionKey.month("2024-02")));
    assertThat(TaskRunner.scope(months)).isEqualTo(OutputScope.days(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 29)));
    TreeSet<PartitionKey> year = new TreeSet<>(java.util.List.of(PartitionKey.parse(Granularity.YEAR, "2023")));
    assertThat(TaskRunner.scope(year)).isEqualTo(OutputScope.days(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)));
    TreeSet<PartitionKey> weeks = new TreeSet<>(java.util.List.of(PartitionKey.parse(Granularity.WEEK, "2024-W05"),
        PartitionKey.parse(Granularity.WEEK, "2024-W06")));
    assertThat(TaskRunner.scope(weeks)).isEqualTo(OutputScope.days(LocalDate.of(2024, 1, 29), LocalDate.of(2024, 2, 11)));
  }

  @Test
  void monthsWithAGapAreRefusedNamingThem() {
    TreeSet<PartitionKey> months = new TreeSet<>(java.util.List.of(PartitionKey.month("2024-01"), PartitionKey.month("2024-03")));
    assertThatThrownBy(() -> TaskRunner.scope(months)).hasMessage("partitions 2024-01..2024-03 are not contiguous (2 of 3 months)");
  }

  @Test
  void aChecksumRowBelongsToThePartitionOfItsDate() {
    assertThat(TaskRunner.key(LocalDate.of(2024, 2, 1), Granularity.MONTH)).isEqualTo(PartitionKey.month("2024-02"));
    assertThat(TaskRunner.key(java.sql.Date.valueOf("2024-01-29"), Granularity.WEEK)).isEqualTo(PartitionKey.parse(Granularity.WEEK, "2024-W05"));
    assertThat(TaskRunner.key(null, Granularity.DAY)).isEqualTo(PartitionKey.unpartitioned());
  }

  private static final Partitioning DAYS = Partitioning.by("day", Granularity.DAY);
  private static final Partitioning MONTHS = Partitioning.by("month", Granularity.MONTH);

  @Test
  void theAnnotatorsDependenciesBecomeThePlanners() {
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Window(-6, 0, PartitionUnit.DAY), DAYS, DAYS))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.window(-6, 0));
    assertThat(DependencyAdapter.toPlanner(PartitionDependency.Offsets.of(PartitionUnit.DAY, -7L, 0L), DAYS, DAYS))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.offsets(-7, 0));
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY), DAYS, MONTHS))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.coarsening(Granularity.DAY, Granularity.MONTH));
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.WEEK, PartitionUnit.DAY),
        DAYS, Partitioning.by("week", Granularity.WEEK)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.coarsening(Granularity.DAY, Granularity.WEEK));
  }

  @Test
  void aMonthTableReadAsDaysIsReadByItsMonths() {
    // the annotator reads a month column's dates as days; the planner knows they start months
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY), MONTHS, MONTHS))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.identity());
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.YEAR, PartitionUnit.DAY),
        MONTHS, Partitioning.by("year", Granularity.YEAR)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.coarsening(Granularity.MONTH, Granularity.YEAR));
  }

  @Test
  void whatDoesNotFitBothPartitioningsWidensToAll() {
    io.dataflow.gateway.planner.model.PartitionDependency all = io.dataflow.gateway.planner.model.PartitionDependency.all();
    // months are not made of weeks; days offsets between month starts mean nothing
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY),
        Partitioning.by("week", Granularity.WEEK), MONTHS)).isEqualTo(all);
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Window(-1, 0, PartitionUnit.DAY), MONTHS, MONTHS)).isEqualTo(all);
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Identity(PartitionUnit.DAY), MONTHS, DAYS)).isEqualTo(all);
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY), DAYS, DAYS)).isEqualTo(all);
  }

  @Test
  void theConfigurationHasDocumentedDefaultsAndRefusesNonsense() {
    DataflowConfig defaults = DataflowConfig.defaults();
    assertThat(defaults.trinoCatalog()).isEqualTo("iceberg");
    assertThat(defaults.retryPolicy().delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.retryPolicy().delayAfter(20)).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.maxBatchPartitions()).isEqualTo(31);
    assertThatThrownBy(() -> DataflowConfig.fromYaml(null, null, null, 0, null)).hasMessageContaining("dataflow.maxAttempts");
    assertThatThrownBy(() -> DataflowConfig.fromYaml(null, null, null, null, 400)).hasMessageContaining("1..366");
  }
}
