package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The span of time one run covers, as Airflow defines it: a run starts once its interval has ended,
 * and its logical date is the interval's start.
 *
 * @param start the interval's start, which is also the run's logical date
 * @param end the interval's end, when the run is due; equal to {@code start} for a {@code @once} run
 */
public record DataInterval(Instant start, Instant end) {
  public DataInterval {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("Invalid data interval: end " + end + " is before start " + start);
    }
  }

  /** Airflow's logical date of the run that covers this interval. */
  public Instant logicalDate() {
    return start;
  }
}
