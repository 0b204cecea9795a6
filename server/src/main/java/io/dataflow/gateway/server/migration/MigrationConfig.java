package io.dataflow.gateway.server.migration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code migration:} section of the configuration.
 *
 * @param shadowCleanPartitions how many partitions a shadow run must have compared clean (shadow and
 *     real table equal) before a cut-over is allowed without {@code force}, default 7
 * @param rollbackWait how long a rollback waits for the DAG's runs under way in the dataflow to end
 *     before it answers 409 and leaves Airflow paused, default 30 s
 * @param sampleRows the most differing rows kept per side of a partition that differs, default 10
 */
public record MigrationConfig(int shadowCleanPartitions, Duration rollbackWait, int sampleRows) {

  public MigrationConfig {
    if (shadowCleanPartitions < 1) {
      throw new IllegalArgumentException("Invalid migration.shadowCleanPartitions " + shadowCleanPartitions + ": expected at least 1");
    }
    rollbackWait = rollbackWait == null ? Duration.ofSeconds(30) : rollbackWait;
    if (rollbackWait.isNegative()) {
      throw new IllegalArgumentException("Invalid migration.rollbackWait " + rollbackWait + ": expected zero or more");
    }
    if (sampleRows < 1 || sampleRows > 1_000) {
      throw new IllegalArgumentException("Invalid migration.sampleRows " + sampleRows + ": expected 1..1000");
    }
  }

  @JsonCreator
  public static MigrationConfig fromYaml(
      @JsonProperty("shadowCleanPartitions") Integer shadowCleanPartitions,
      @JsonProperty("rollbackWait") Duration rollbackWait,
      @JsonProperty("sampleRows") Integer sampleRows) {
    return new MigrationConfig(shadowCleanPartitions == null ? 7 : shadowCleanPartitions, rollbackWait,
        sampleRows == null ? 10 : sampleRows);
  }

  public static MigrationConfig defaults() {
    return fromYaml(null, null, null);
  }
}
