package io.dataflow.gateway.server.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Observations counted into fixed buckets by upper bound, as Prometheus histograms are: one lock per
 * observation is cheap beside the runs and queries observed.
 */
final class Histogram {

  private final double[] bounds;
  private final long[] counts;
  private long count;
  private double sum;

  /** @param bounds the buckets' upper bounds, ascending; the {@code +Inf} bucket is implied */
  Histogram(List<Double> bounds) {
    this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
    if (this.bounds.length == 0) {
      throw new IllegalArgumentException("A histogram needs at least one bucket bound");
    }
    for (int i = 0; i < this.bounds.length; i++) {
      if (!Double.isFinite(this.bounds[i]) || (i > 0 && this.bounds[i] <= this.bounds[i - 1])) {
        throw new IllegalArgumentException("Invalid bucket bounds " + bounds + ": expected finite values, strictly ascending");
      }
    }
    this.counts = new long[this.bounds.length + 1];
  }

  synchronized void observe(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("Cannot observe NaN");
    }
    int bucket = Arrays.binarySearch(bounds, value);
    // a value equal to a bound belongs to that bound's bucket (le = less than or equal)
    counts[bucket >= 0 ? bucket : -bucket - 1]++;
    count++;
    sum += value;
  }

  synchronized Snapshot snapshot() {
    long[] cumulative = new long[counts.length];
    long running = 0;
    for (int i = 0; i < counts.length; i++) {
      running += counts[i];
      cumulative[i] = running;
    }
    return new Snapshot(Arrays.stream(bounds).boxed().toList(), Arrays.stream(cumulative).boxed().toList(), count, sum);
  }

  /**
   * The histogram at one instant.
   *
   * @param bounds the finite upper bounds
   * @param cumulative for each bound and then for {@code +Inf}, the observations at most that large
   */
  record Snapshot(List<Double> bounds, List<Long> cumulative, long count, double sum) {
    Snapshot {
      bounds = List.copyOf(bounds);
      cumulative = List.copyOf(cumulative);
      if (cumulative.size() != bounds.size() + 1) {
        throw new IllegalArgumentException("Expected %d cumulative counts for %d bounds and +Inf, got %d"
            .formatted(bounds.size() + 1, bounds.size(), cumulative.size()));
      }
    }
  }
}
