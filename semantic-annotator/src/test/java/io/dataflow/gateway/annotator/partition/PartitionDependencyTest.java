package io.dataflow.gateway.annotator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PartitionDependencyTest {

  private static final LocalDate TENTH = LocalDate.of(2024, 1, 10);

  static Stream<PartitionDependency> dependencies() {
    return Stream.of(
        new PartitionDependency.Identity(PartitionUnit.DAY),
        new PartitionDependency.Window(-6, 0, PartitionUnit.DAY),
        PartitionDependency.Offsets.of(PartitionUnit.DAY, -7L, 0L),
        new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY),
        new PartitionDependency.Window(-2, 1, PartitionUnit.HOUR));
  }

  @ParameterizedTest
  @MethodSource("dependencies")
  void affectedByIsTheExactInverseOfInputsOf(PartitionDependency dependency) {
    LocalDateTime start = TENTH.atStartOfDay().minusDays(40);
    for (int d = 0; d < 80; d++) {
      LocalDateTime output = start.plusDays(d);
      if (dependency instanceof PartitionDependency.Coarsening c
          && !c.unit().truncate(output).equals(output)) {
        continue;
      }
      for (LocalDateTime input : dependency.inputsOf(output).partitions()) {
        assertThat(dependency.affectedBy(input).partitions()).contains(output);
      }
      for (LocalDateTime affected : dependency.affectedBy(output).partitions()) {
        assertThat(dependency.inputsOf(affected).partitions()).contains(output);
      }
    }
  }

  @Test
  void windowOfSevenDays() {
    PartitionDependency weekly = new PartitionDependency.Window(-6, 0, PartitionUnit.DAY);
    assertThat(weekly.inputsOf(TENTH)).isEqualTo(PartitionSet.dateRange(TENTH.minusDays(6), TENTH));
    assertThat(weekly.affectedBy(TENTH)).isEqualTo(PartitionSet.dateRange(TENTH, TENTH.plusDays(6)));
  }

  @Test
  void offsetsAreNotAWindow() {
    PartitionDependency wow = PartitionDependency.Offsets.of(PartitionUnit.DAY, -7L, 0L);
    assertThat(wow.inputsOf(TENTH).dates()).containsExactly(TENTH.minusDays(7), TENTH);
    assertThat(wow.affectedBy(TENTH).dates()).containsExactly(TENTH, TENTH.plusDays(7));
  }

  @Test
  void coarseningReadsEveryDayOfTheMonthAndAffectsItsMonth() {
    PartitionDependency monthly = new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY);
    assertThat(monthly.inputsOf(LocalDate.of(2024, 2, 1)).dates()).hasSize(29);
    assertThat(monthly.affectedBy(TENTH).dates()).containsExactly(LocalDate.of(2024, 1, 1));
  }

  @Test
  void allAffectsEverything() {
    assertThat(new PartitionDependency.All().affectedBy(TENTH).isAll()).isTrue();
  }

  @Test
  void narrowestDependencyForAnOffsetSet() {
    assertThat(PartitionDependency.ofOffsets(List.of(0L), PartitionUnit.DAY))
        .isEqualTo(new PartitionDependency.Identity(PartitionUnit.DAY));
    assertThat(PartitionDependency.ofOffsets(List.of(-1L, 0L, -2L), PartitionUnit.DAY))
        .isEqualTo(new PartitionDependency.Window(-2, 0, PartitionUnit.DAY));
    assertThat(PartitionDependency.ofOffsets(List.of(-7L, 0L), PartitionUnit.DAY))
        .isEqualTo(PartitionDependency.Offsets.of(PartitionUnit.DAY, -7L, 0L));
  }

  @Test
  void invalidDependenciesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new PartitionDependency.Window(1, -1, PartitionUnit.DAY))
        .hasMessage("Invalid partition window: from 1 is after to -1");
    assertThatThrownBy(() -> new PartitionDependency.Coarsening(PartitionUnit.DAY, PartitionUnit.MONTH))
        .hasMessageContaining("Invalid coarsening");
    assertThatThrownBy(() -> new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.WEEK))
        .hasMessageContaining("Invalid coarsening");
  }
}
