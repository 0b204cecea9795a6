package io.dataflow.gateway.planner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {

  @Test
  void daysMoveByDaysAcrossMonthEnds() {
    assertThat(PartitionKey.day("2024-01-31").plus(1)).isEqualTo(PartitionKey.day("2024-02-01"));
    assertThat(PartitionKey.day("2024-03-01").plus(-1)).isEqualTo(PartitionKey.day("2024-02-29"));
  }

  @Test
  void hoursAndMonthsHaveTheirOwnValues() {
    assertThat(PartitionKey.hour(LocalDateTime.parse("2024-01-10T05:00")).value()).isEqualTo("2024-01-10T05");
    assertThat(PartitionKey.month("2024-01").plus(12).value()).isEqualTo("2025-01");
  }

  @Test
  void aKeyMustStartItsPeriod() {
    assertThatThrownBy(() -> PartitionKey.of(Granularity.MONTH, LocalDateTime.parse("2024-01-10T00:00")))
        .hasMessage("Invalid partition key: 2024-01-10T00:00 is not the start of a MONTH period");
  }

  @Test
  void anUnpartitionedTableHasOneKeyThatCannotMove() {
    assertThat(PartitionKey.unpartitioned()).isEqualTo(PartitionKey.unpartitioned());
    assertThat(PartitionKey.unpartitioned().granularity()).isEmpty();
    assertThatThrownBy(() -> PartitionKey.unpartitioned().plus(1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keysOrderByGranularityThenTime() {
    TreeSet<PartitionKey> keys = new TreeSet<>(List.of(PartitionKey.month("2024-01"), PartitionKey.day("2024-01-02"),
        PartitionKey.unpartitioned(), PartitionKey.day("2024-01-01")));

    assertThat(keys).containsExactly(PartitionKey.unpartitioned(), PartitionKey.day("2024-01-01"),
        PartitionKey.day("2024-01-02"), PartitionKey.month("2024-01"));
  }

  @Test
  void aPartitioningAcceptsOnlyKeysOfItsGranularity() {
    Partitioning byDay = Partitioning.by("day", Granularity.DAY);
    assertThat(byDay.accepts(PartitionKey.day("2024-01-01"))).isTrue();
    assertThat(byDay.accepts(PartitionKey.month("2024-01"))).isFalse();
    assertThat(Partitioning.none().accepts(PartitionKey.unpartitioned())).isTrue();
  }
}
