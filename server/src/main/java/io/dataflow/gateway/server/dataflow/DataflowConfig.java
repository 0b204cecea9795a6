package io.dataflow.gateway.server.dataflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.planner.scheduling.RetryPolicy;
import java.time.Duration;

/**
 * The {@code dataflow:} section of the configuration.
 *
 * @param trinoCatalog the Trino catalog that reads the gateway's Iceberg catalog, default
 *     {@code iceberg} (the embedded Trino's name for it; set it for a cluster that names it otherwise)
 * @param retryInitialDelay the wait before a task that failed transiently runs again, default 10 s
 * @param retryMaxDelay the longest wait between attempts (the wait doubles), default 10 min
 * @param maxAttempts the most runs of one task before its partitions are marked failed, default 5
 * @param maxBatchPartitions the most partitions one batched query replaces, default 31, at most
 *     {@value OutputScope#MAX_DAYS}
 */
public record DataflowConfig(
    String trinoCatalog, Duration retryInitialDelay, Duration retryMaxDelay, int maxAttempts, int maxBatchPartitions) {

  public DataflowConfig {
    if (trinoCatalog == null || trinoCatalog.isBlank()) {
      trinoCatalog = "iceberg";
    }
    retryInitialDelay = retryInitialDelay == null ? Duration.ofSeconds(10) : retryInitialDelay;
    retryMaxDelay = retryMaxDelay == null ? Duration.ofMinutes(10) : retryMaxDelay;
    if (retryInitialDelay.isNegative() || retryMaxDelay.compareTo(retryInitialDelay) < 0) {
      throw new IllegalArgumentException("Invalid dataflow.retryInitialDelay %s / retryMaxDelay %s: expected 0 <= initial <= max"
          .formatted(retryInitialDelay, retryMaxDelay));
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Invalid dataflow.maxAttempts " + maxAttempts + ": expected at least 1");
    }
    if (maxBatchPartitions < 1 || maxBatchPartitions > OutputScope.MAX_DAYS) {
      throw new IllegalArgumentException("Invalid dataflow.maxBatchPartitions %d: expected 1..%d"
          .formatted(maxBatchPartitions, OutputScope.MAX_DAYS));
    }
  }

  @JsonCreator
  public static DataflowConfig fromYaml(
      @JsonProperty("trinoCatalog") String trinoCatalog,
      @JsonProperty("retryInitialDelay") Duration retryInitialDelay,
      @JsonProperty("retryMaxDelay") Duration retryMaxDelay,
      @JsonProperty("maxAttempts") Integer maxAttempts,
      @JsonProperty("maxBatchPartitions") Integer maxBatchPartitions) {
    return new DataflowConfig(trinoCatalog, retryInitialDelay, retryMaxDelay,
        maxAttempts == null ? 5 : maxAttempts, maxBatchPartitions == null ? 31 : maxBatchPartitions);
  }

  public static DataflowConfig defaults() {
    return fromYaml(null, null, null, null, null);
  }

  /** Backoff doubling from the initial delay up to the maximum. */
  public RetryPolicy retryPolicy() {
    return new RetryPolicy(retryInitialDelay, 2.0, retryMaxDelay, maxAttempts);
  }
}
