package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exponential backoff for transient failures: the n-th retry waits {@code initialDelay ×
 * multiplier^(n-1)}, at most {@code maxDelay}, and a task runs at most {@code maxAttempts} times.
 *
 * @param initialDelay the wait before the first retry
 * @param multiplier the growth of the wait per retry, at least 1
 * @param maxDelay the longest wait
 * @param maxAttempts the most runs of one task, at least 1
 */
public record RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {

  public RetryPolicy {
    requireNonNull(initialDelay, "initialDelay is null");
    requireNonNull(maxDelay, "maxDelay is null");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("Invalid retry delays: initial %s must be >= 0 and <= max %s"
          .formatted(initialDelay, maxDelay));
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("Invalid retry multiplier %s: expected a finite number >= 1".formatted(multiplier));
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Invalid retry limit %d: a task runs at least once".formatted(maxAttempts));
    }
  }

  /** 10 s, doubling, at most 10 min, 5 attempts. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 5);
  }

  /** When to run attempt {@code failedAttempt + 1}, or empty when attempts are exhausted. */
  public Optional<Instant> nextAttempt(int failedAttempt, Instant failedAt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("Invalid attempt %d: attempts count from 1".formatted(failedAttempt));
    }
    if (failedAttempt >= maxAttempts) {
      return Optional.empty();
    }
    return Optional.of(failedAt.plus(delayAfter(failedAttempt)));
  }

  /** The wait after attempt {@code failedAttempt} failed. */
  public Duration delayAfter(int failedAttempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, failedAttempt - 1);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }
}
