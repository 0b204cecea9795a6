package io.dataflow.gateway.planner.model;

import static io.dataflow.gateway.planner.model.PartitionKey.day;
import static io.dataflow.gateway.planner.model.PartitionKey.month;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NavigableSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PartitionDependencyTest {

  private static NavigableSet<PartitionKey> keys(PartitionSet set) {
    return set.resolve(List.of());
  }

  private static List<PartitionKey> days(String from, String to) {
    return io.dataflow.gateway.planner.fixture.Simulation.days(from, to);
  }

  @Test
  void identityReadsAndAffectsTheSamePartition() {
    PartitionDependency d = PartitionDependency.identity();
    assertThat(keys(d.inputsOf(day("2024-01-10")))).containsExactly(day("2024-01-10"));
    assertThat(keys(d.affectedBy(day("2024-01-10")))).containsExactly(day("2024-01-10"));
    assertThat(d.describe()).isEqualTo("identity");
  }

  @Test
  void aRollingWeekReadsTheSixDaysBeforeAndAffectsTheSixDaysAfter() {
    PartitionDependency d = PartitionDependency.window(-6, 0);
    assertThat(keys(d.inputsOf(day("2024-01-16")))).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(keys(d.affectedBy(day("2024-01-10")))).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    assertThat(keys(d.createdBy(day("2024-01-31")))).containsExactly(day("2024-01-31"));
    assertThat(d.describe()).isEqualTo("window -6..0");
  }

  @Test
  void offsetsAreNotAContiguousWindow() {
    PartitionDependency d = PartitionDependency.offsets(-7, 0);
    assertThat(keys(d.inputsOf(day("2024-01-17")))).containsExactly(day("2024-01-10"), day("2024-01-17"));
    assertThat(keys(d.affectedBy(day("2024-01-10")))).containsExactly(day("2024-01-10"), day("2024-01-17"));
    assertThat(d.describe()).isEqualTo("offsets [-7, 0]");
  }

  @Test
  void aMonthReadsItsDaysAndADayAffectsItsMonth() {
    PartitionDependency d = PartitionDependency.coarsening(Granularity.DAY, Granularity.MONTH);
    assertThat(keys(d.inputsOf(month("2024-02")))).containsExactlyElementsOf(days("2024-02-01", "2024-02-29"));
    assertThat(keys(d.affectedBy(day("2024-02-29")))).containsExactly(month("2024-02"));
    assertThat(d.describe()).isEqualTo("coarsening DAY to MONTH");
  }

  @Test
  void aWeekReadsItsSevenDaysFromMondayAcrossAMonthEnd() {
    PartitionDependency d = PartitionDependency.coarsening(Granularity.DAY, Granularity.WEEK);
    PartitionKey week = PartitionKey.week(java.time.LocalDate.parse("2024-01-29"));
    assertThat(week.value()).isEqualTo("2024-W05");
    assertThat(keys(d.inputsOf(week))).containsExactlyElementsOf(days("2024-01-29", "2024-02-04"));
    assertThat(keys(d.affectedBy(day("2024-02-04")))).containsExactly(week);
    assertThat(keys(d.affectedBy(day("2024-02-05")))).containsExactly(week.plus(1));
    assertThat(keys(d.createdBy(day("2024-01-31")))).containsExactly(week);
  }

  @Test
  void aYearReadsItsMonths() {
    PartitionDependency d = PartitionDependency.coarsening(Granularity.MONTH, Granularity.YEAR);
    PartitionKey year = PartitionKey.parse(Granularity.YEAR, "2024");
    assertThat(keys(d.inputsOf(year))).hasSize(12).startsWith(month("2024-01")).endsWith(month("2024-12"));
    assertThat(keys(d.affectedBy(month("2024-07")))).containsExactly(year);
  }

  @Test
  void weeksDoNotCoarsenIntoMonthsOrYears() {
    assertThatThrownBy(() -> PartitionDependency.coarsening(Granularity.WEEK, Granularity.MONTH))
        .hasMessage("Invalid coarsening: MONTH partitions are not made of whole WEEK partitions");
    assertThatThrownBy(() -> PartitionDependency.coarsening(Granularity.WEEK, Granularity.YEAR))
        .hasMessage("Invalid coarsening: YEAR partitions are not made of whole WEEK partitions");
  }

  @Test
  void allReadsWhateverTheInputHolds() {
    PartitionDependency d = PartitionDependency.all();
    assertThat(d.inputsOf(PartitionKey.unpartitioned()).resolve(days("2024-01-01", "2024-01-03")))
        .containsExactlyElementsOf(days("2024-01-01", "2024-01-03"));
    assertThat(d.affectedBy(day("2024-01-01")).resolve(List.of(PartitionKey.unpartitioned())))
        .containsExactly(PartitionKey.unpartitioned());
  }

  static Stream<PartitionDependency> timeDependencies() {
    return Stream.of(PartitionDependency.identity(), PartitionDependency.window(-6, 0), PartitionDependency.window(-3, 2),
        PartitionDependency.offsets(-7, 0), PartitionDependency.offsets(-28, -14, 1));
  }

  @ParameterizedTest
  @MethodSource("timeDependencies")
  void bothDirectionsAreInverses(PartitionDependency d) {
    for (PartitionKey output : days("2024-01-01", "2024-03-31")) {
      for (PartitionKey input : keys(d.inputsOf(output))) {
        assertThat(keys(d.affectedBy(input))).as("%s: %s reads %s", d.describe(), output, input).contains(output);
      }
    }
    for (PartitionKey input : days("2024-01-01", "2024-03-31")) {
      for (PartitionKey output : keys(d.affectedBy(input))) {
        assertThat(keys(d.inputsOf(output))).as("%s: %s affects %s", d.describe(), input, output).contains(input);
      }
    }
  }

  @Test
  void aReversedWindowIsRejected() {
    assertThatThrownBy(() -> PartitionDependency.window(0, -6)).hasMessage("Invalid partition window: from 0 is after to -6");
  }

  @Test
  void aCoarseningToAFinerGranularityIsRejected() {
    assertThatThrownBy(() -> PartitionDependency.coarsening(Granularity.MONTH, Granularity.DAY))
        .hasMessage("Invalid coarsening: DAY partitions are not made of whole MONTH partitions");
  }

  @Test
  void emptyOffsetsAreRejected() {
    assertThatThrownBy(PartitionDependency::offsets).hasMessage("Invalid partition offsets: at least one offset is needed");
  }
}
