package io.dataflow.gateway.server.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrationConfigTest {

  @Test
  void defaults() {
    MigrationConfig config = MigrationConfig.defaults();
    assertThat(config.shadowCleanPartitions()).isEqualTo(7);
    assertThat(config.rollbackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.sampleRows()).isEqualTo(10);
  }

  @Test
  void invalidValuesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> MigrationConfig.fromYaml(0, null, null)).hasMessageContaining("migration.shadowCleanPartitions");
    assertThatThrownBy(() -> MigrationConfig.fromYaml(null, Duration.ofSeconds(-1), null)).hasMessageContaining("migration.rollbackWait");
    assertThatThrownBy(() -> MigrationConfig.fromYaml(null, null, 0)).hasMessageContaining("migration.sampleRows");
  }
}
