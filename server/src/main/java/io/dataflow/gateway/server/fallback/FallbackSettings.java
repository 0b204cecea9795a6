package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code fallback:} section of the configuration.
 *
 * @param threadCount fallback runs that may execute at once in this gateway instance, default 4
 * @param clusterCheckinInterval how often an instance tells the others it is alive; an instance
 *     silent for longer is taken as failed and its firings are taken over. Default 10 s
 * @param misfireThreshold how late a firing may be and still count as on time rather than missed
 *     (then the DAG's catchup decides), default 60 s
 * @param outputCaptureLimit the most bytes of a run's output kept with the run (its beginning and
 *     its end; the middle of longer output is dropped), default 65,536
 * @param httpConnections the connections HTTP operators' requests are sent through, by the Airflow
 *     connection id ({@code http_conn_id}) they stand for; default none
 */
public record FallbackSettings(
    int threadCount, Duration clusterCheckinInterval, Duration misfireThreshold, int outputCaptureLimit,
    Map<String, HttpConnection> httpConnections) {

  public static final int DEFAULT_THREAD_COUNT = 4;
  public static final Duration DEFAULT_CLUSTER_CHECKIN_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);
  public static final int DEFAULT_OUTPUT_CAPTURE_LIMIT = 64 * 1024;

  public FallbackSettings {
    requireNonNull(clusterCheckinInterval, "clusterCheckinInterval is null");
    requireNonNull(misfireThreshold, "misfireThreshold is null");
    if (threadCount < 1 || threadCount > 100) {
      throw new IllegalArgumentException("Invalid fallback.threadCount " + threadCount + ": expected 1..100");
    }
    if (clusterCheckinInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("Invalid fallback.clusterCheckinInterval " + clusterCheckinInterval
          + ": expected at least PT1S");
    }
    if (misfireThreshold.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("Invalid fallback.misfireThreshold " + misfireThreshold
          + ": expected at least PT1S");
    }
    if (outputCaptureLimit < 1024) {
      throw new IllegalArgumentException("Invalid fallback.outputCaptureLimit " + outputCaptureLimit
          + ": expected at least 1024 bytes");
    }
    httpConnections = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(httpConnections, "httpConnections is null")));
    httpConnections.forEach((id, connection) -> {
      if (id.isBlank() || connection == null) {
        throw new IllegalArgumentException("Invalid fallback.httpConnections: connection '" + id + "' needs a name and a url");
      }
    });
  }

  /** Settings without HTTP connections. */
  public FallbackSettings(int threadCount, Duration clusterCheckinInterval, Duration misfireThreshold, int outputCaptureLimit) {
    this(threadCount, clusterCheckinInterval, misfireThreshold, outputCaptureLimit, Map.of());
  }

  /** Reads the YAML form, where every key is optional and an absent key means its default. */
  @JsonCreator
  public static FallbackSettings fromYaml(
      @JsonProperty("threadCount") Integer threadCount,
      @JsonProperty("clusterCheckinInterval") Duration clusterCheckinInterval,
      @JsonProperty("misfireThreshold") Duration misfireThreshold,
      @JsonProperty("outputCaptureLimit") Integer outputCaptureLimit,
      @JsonProperty("httpConnections") Map<String, HttpConnection> httpConnections) {
    return new FallbackSettings(
        threadCount == null ? DEFAULT_THREAD_COUNT : threadCount,
        clusterCheckinInterval == null ? DEFAULT_CLUSTER_CHECKIN_INTERVAL : clusterCheckinInterval,
        misfireThreshold == null ? DEFAULT_MISFIRE_THRESHOLD : misfireThreshold,
        outputCaptureLimit == null ? DEFAULT_OUTPUT_CAPTURE_LIMIT : outputCaptureLimit,
        httpConnections == null ? Map.of() : httpConnections);
  }

  /** The YAML form without HTTP connections. */
  public static FallbackSettings fromYaml(Integer threadCount, Duration clusterCheckinInterval, Duration misfireThreshold,
      Integer outputCaptureLimit) {
    return fromYaml(threadCount, clusterCheckinInterval, misfireThreshold, outputCaptureLimit, null);
  }

  /** Every setting at its default. */
  public static FallbackSettings defaults() {
    return fromYaml(null, null, null, null, null);
  }
}
