package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as the scheduler holds it.
 *
 * @param job the job
 * @param nextFireTime when it fires next; empty once its schedule has ended (an {@code @once} that
 *     ran, an end date passed)
 */
public record ScheduledFallbackJob(FallbackJob job, Optional<Instant> nextFireTime) {
  public ScheduledFallbackJob {
    requireNonNull(job, "job is null");
    requireNonNull(nextFireTime, "nextFireTime is null");
  }
}
