package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Retries of one HTTP call. Only HTTP 429, HTTP 5xx and timeouts are retried; every other 4xx fails at
 * once. The wait before retry {@code n} (1-based) is {@code initialBackoff * multiplier^(n-1)}, at most
 * {@code maxBackoff}, and at least what a {@code Retry-After} header asks (also capped by {@code maxBackoff}).
 * Creations that must not happen twice (an event, a run without run id) are retried only after a 429 or a
 * connect timeout, when Airflow cannot have acted on them.
 *
 * @param maxAttempts total attempts, including the first
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    /** Four attempts, 500 ms doubling up to 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0);

    public RetryPolicy {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Invalid retry policy: maxAttempts is " + maxAttempts + ", expected >= 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Invalid retry policy: backoff " + initialBackoff + " .. " + maxBackoff);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("Invalid retry policy: multiplier is " + multiplier + ", expected >= 1");
        }
    }

    /** The wait before the given retry (1 = the first retry). */
    public Duration backoff(int retry) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, retry - 1);
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
