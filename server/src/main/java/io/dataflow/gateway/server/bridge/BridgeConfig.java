package io.dataflow.gateway.server.bridge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code bridge:} section of the configuration: the two-way bridge with the gateway's default
 * Airflow ({@code airflow:}).
 *
 * @param enabled whether the bridge runs, default false; it needs {@code airflow:} as well
 * @param pollInterval how often Airflow's events are read and the outbox is delivered, default 30 s
 * @param datasets explicit mapping of Airflow dataset/asset URIs to the gateway's tables
 *     ({@code schema.table}), checked before the default rules of {@link DatasetUris}
 * @param trinoCatalogs the Trino catalog names under which Airflow's {@code trino://} URIs name the
 *     gateway's tables, default {@code [iceberg]}
 * @param commitLookback how far before an Airflow event a commit of the same partition, recorded by
 *     the gateway's catalog, is taken as the change the event announces, default 1 h
 * @param retryInitialDelay the wait before an event that Airflow refused is posted again, default
 *     10 s (the wait doubles)
 * @param retryMaxDelay the longest wait between two attempts, default 10 min
 */
public record BridgeConfig(
    boolean enabled,
    Duration pollInterval,
    Map<String, String> datasets,
    List<String> trinoCatalogs,
    Duration commitLookback,
    Duration retryInitialDelay,
    Duration retryMaxDelay) {

  public BridgeConfig {
    pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
    datasets = datasets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    trinoCatalogs = trinoCatalogs == null || trinoCatalogs.isEmpty() ? List.of("iceberg") : List.copyOf(trinoCatalogs);
    commitLookback = commitLookback == null ? Duration.ofHours(1) : commitLookback;
    retryInitialDelay = retryInitialDelay == null ? Duration.ofSeconds(10) : retryInitialDelay;
    retryMaxDelay = retryMaxDelay == null ? Duration.ofMinutes(10) : retryMaxDelay;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("Invalid bridge.pollInterval " + pollInterval + ": expected a positive duration such as PT30S");
    }
    if (commitLookback.isNegative()) {
      throw new IllegalArgumentException("Invalid bridge.commitLookback " + commitLookback + ": expected a duration >= 0 such as PT1H");
    }
    if (retryInitialDelay.isNegative() || retryInitialDelay.isZero() || retryMaxDelay.compareTo(retryInitialDelay) < 0) {
      throw new IllegalArgumentException("Invalid bridge.retryInitialDelay %s / retryMaxDelay %s: expected 0 < initial <= max"
          .formatted(retryInitialDelay, retryMaxDelay));
    }
    datasets.forEach((uri, table) -> DatasetUris.checkTable(table, "bridge.datasets[\"" + uri + "\"]"));
  }

  @JsonCreator
  public static BridgeConfig fromYaml(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("pollInterval") Duration pollInterval,
      @JsonProperty("datasets") Map<String, String> datasets,
      @JsonProperty("trinoCatalogs") List<String> trinoCatalogs,
      @JsonProperty("commitLookback") Duration commitLookback,
      @JsonProperty("retryInitialDelay") Duration retryInitialDelay,
      @JsonProperty("retryMaxDelay") Duration retryMaxDelay) {
    return new BridgeConfig(enabled != null && enabled, pollInterval, datasets, trinoCatalogs, commitLookback,
        retryInitialDelay, retryMaxDelay);
  }

  public static BridgeConfig defaults() {
    return fromYaml(null, null, null, null, null, null, null);
  }

  /** The wait before attempt {@code attempts + 1}, doubling from the initial delay up to the maximum. */
  Duration backoff(int attempts) {
    Duration wait = retryInitialDelay;
    for (int i = 1; i < attempts && wait.compareTo(retryMaxDelay) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : wait;
  }
}
