package io.dataflow.gateway.planner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  private static final PartitionRef INPUT = new PartitionRef(DatasetId.of("analytics.daily"), PartitionKey.day("2024-01-10"));

  @Test
  void aNewSnapshotWithTheSameChecksumHoldsTheSameContents() {
    Provenance computedFrom = Provenance.of("sql", Map.of(INPUT, PartitionVersion.of(1, "c1")));

    assertThat(computedFrom.matches("sql", Map.of(INPUT, PartitionVersion.of(2, "c1")))).isTrue();
    assertThat(computedFrom.matches("sql", Map.of(INPUT, PartitionVersion.of(2, "c2")))).isFalse();
  }

  @Test
  void withoutChecksumsOnlyTheSameSnapshotMatches() {
    Provenance computedFrom = Provenance.of("sql", Map.of(INPUT, PartitionVersion.of(1)));

    assertThat(computedFrom.matches("sql", Map.of(INPUT, PartitionVersion.of(1)))).isTrue();
    assertThat(computedFrom.matches("sql", Map.of(INPUT, PartitionVersion.of(2)))).isFalse();
  }

  @Test
  void aChangedTransformOrADifferentSetOfInputsDoesNotMatch() {
    Provenance computedFrom = Provenance.of("sql", Map.of(INPUT, PartitionVersion.of(1)));

    assertThat(computedFrom.matches("new sql", Map.of(INPUT, PartitionVersion.of(1)))).isFalse();
    assertThat(computedFrom.matches("sql", Map.of())).isFalse();
  }
}
