package io.dataflow.gateway.planner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GranularityTest {

  @Test
  void aWeekStartsOnMondayAndIsWrittenAsItsIsoWeek() {
    // 2024-01-01 is a Monday; 2023-01-01 a Sunday, in the last ISO week of 2022
    assertThat(PartitionKey.week(LocalDate.parse("2024-01-07")).value()).isEqualTo("2024-W01");
    assertThat(PartitionKey.week(LocalDate.parse("2023-01-01")).value()).isEqualTo("2022-W52");
    assertThat(((PartitionKey.Period) PartitionKey.week(LocalDate.parse("2023-01-01"))).start())
        .isEqualTo(LocalDateTime.parse("2022-12-26T00:00"));
    // 2020 has 53 ISO weeks; the week of 2024-12-31 belongs to 2025
    assertThat(PartitionKey.week(LocalDate.parse("2020-12-31")).value()).isEqualTo("2020-W53");
    assertThat(PartitionKey.week(LocalDate.parse("2024-12-31")).value()).isEqualTo("2025-W01");
  }

  @Test
  void weekValuesSortAsTheWeeksFollowEachOther() {
    List<String> values = new ArrayList<>();
    PartitionKey week = PartitionKey.week(LocalDate.parse("2019-12-01"));
    for (int i = 0; i < 300; i++, week = week.plus(1)) {
      values.add(week.value());
    }
    assertThat(values).isSorted().doesNotHaveDuplicates();
    assertThat(values).contains("2020-W53", "2021-W01");
  }

  @Test
  void everyValueParsesBackToItsPartition() {
    for (Granularity g : Granularity.values()) {
      PartitionKey key = PartitionKey.containing(g, LocalDateTime.parse("2024-02-29T13:00"));
      for (int i = -60; i <= 60; i++) {
        PartitionKey moved = key.plus(i);
        assertThat(PartitionKey.parse(g, moved.value())).as("%s %s", g, moved).isEqualTo(moved);
      }
    }
  }

  @Test
  void aValueOfAnotherShapeIsRefusedWithWhatWasExpected() {
    assertThatThrownBy(() -> Granularity.WEEK.parse("2024-01-08"))
        .hasMessage("Invalid week partition '2024-01-08': expected an ISO week such as 2024-W02 (Monday 2024-01-08 to Sunday 2024-01-14)");
    assertThatThrownBy(() -> Granularity.WEEK.parse("2021-W53")).hasMessageStartingWith("Invalid week partition '2021-W53'");
    assertThatThrownBy(() -> Granularity.MONTH.parse("2024-1")).hasMessage("Invalid month partition '2024-1': expected a month such as 2024-01");
    assertThatThrownBy(() -> Granularity.YEAR.parse("24")).hasMessage("Invalid year partition '24': expected a year such as 2024");
  }

  @Test
  void monthsAndYearsAreNotMadeOfWholeWeeks() {
    assertThat(Granularity.WEEK.isCoarserThan(Granularity.DAY)).isTrue();
    assertThat(Granularity.WEEK.isCoarserThan(Granularity.HOUR)).isTrue();
    assertThat(Granularity.MONTH.isCoarserThan(Granularity.WEEK)).isFalse();
    assertThat(Granularity.YEAR.isCoarserThan(Granularity.WEEK)).isFalse();
    assertThat(Granularity.YEAR.isCoarserThan(Granularity.MONTH)).isTrue();
    assertThat(Granularity.DAY.isCoarserThan(Granularity.WEEK)).isFalse();
  }
}
