package io.dataflow.gateway.trino;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What Trino reported about one query when it finished.
 *
 * @param queryId Trino's query id, e.g. {@code 20261121_153000_00001_abcde}
 * @param state Trino's final state, normally {@code FINISHED}
 * @param processedRows rows read from the sources
 * @param processedBytes bytes read from the sources
 * @param cpuTime CPU time over all tasks
 * @param wallTime wall time over all tasks (can exceed elapsed time: tasks run in parallel)
 * @param elapsedTime from submission to completion, as Trino measured it
 * @param peakMemoryBytes the query's peak user memory
 */
public record QueryStatistics(
    String queryId,
    String state,
    long processedRows,
    long processedBytes,
    Duration cpuTime,
    Duration wallTime,
    Duration elapsedTime,
    long peakMemoryBytes) {

  public QueryStatistics {
    requireNonNull(queryId, "queryId is null");
    requireNonNull(state, "state is null");
    requireNonNull(cpuTime, "cpuTime is null");
    requireNonNull(wallTime, "wallTime is null");
    requireNonNull(elapsedTime, "elapsedTime is null");
    if (processedRows < 0 || processedBytes < 0 || peakMemoryBytes < 0) {
      throw new IllegalArgumentException("Invalid statistics of query " + queryId + ": rows "
          + processedRows + ", bytes " + processedBytes + ", memory " + peakMemoryBytes
          + " must not be negative");
    }
  }

  static QueryStatistics from(io.trino.jdbc.QueryStats stats) {
    return new QueryStatistics(
        stats.getQueryId(),
        stats.getState(),
        Math.max(0, stats.getProcessedRows()),
        Math.max(0, stats.getProcessedBytes()),
        Duration.ofMillis(stats.getCpuTimeMillis()),
        Duration.ofMillis(stats.getWallTimeMillis()),
        Duration.ofMillis(stats.getElapsedTimeMillis()),
        Math.max(0, stats.getPeakMemoryBytes()));
  }
}
