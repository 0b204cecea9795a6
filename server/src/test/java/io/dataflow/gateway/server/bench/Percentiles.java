package io.dataflow.gateway.server.bench;

import java.util.List;

/**
 * p50, p99 and max of a sample by the nearest-rank method (with 20 values p99 is the largest one).
 *
 * @param count values in the sample
 */
record Percentiles(int count, long p50, long p99, long max) {

  static Percentiles of(List<Long> values) {
    if (values.isEmpty()) {
      return new Percentiles(0, 0, 0, 0);
    }
    List<Long> sorted = values.stream().sorted().toList();
    return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99), sorted.getLast());
  }

  private static long rank(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
  }

  @Override
  public String toString() {
    return "p50 %d ms, p99 %d ms, max %d ms (n=%d)".formatted(p50, p99, max, count);
  }
}
