package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
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
  void theAnnotatorsDependenciesBecomeThePlannersAndWeeksWiden() {
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Window(-6, 0, PartitionUnit.DAY)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.window(-6, 0));
    assertThat(DependencyAdapter.toPlanner(PartitionDependency.Offsets.of(PartitionUnit.DAY, -7L, 0L)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.offsets(-7, 0));
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.MONTH, PartitionUnit.DAY)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.coarsening(Granularity.DAY, Granularity.MONTH));
    assertThat(DependencyAdapter.toPlanner(new PartitionDependency.Coarsening(PartitionUnit.WEEK, PartitionUnit.DAY)))
        .isEqualTo(io.dataflow.gateway.planner.model.PartitionDependency.all());
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
