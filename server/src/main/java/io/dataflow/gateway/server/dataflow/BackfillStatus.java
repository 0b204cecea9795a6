package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.scheduling.BackfillProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a backfill has come, with its pace.
 *
 * @param backfill what was asked
 * @param progress partitions done, failed and waiting of the total
 * @param startedAt when it was asked
 * @param partitionsPerMinute partitions done per minute since it started
 * @param estimatedTimeLeft at that pace, until every partition is done; empty before the first
 *     partition is done or once none is left
 */
public record BackfillStatus(
    Backfill backfill, BackfillProgress progress, Instant startedAt, double partitionsPerMinute, Optional<Duration> estimatedTimeLeft) {

  public BackfillStatus {
    requireNonNull(backfill, "backfill is null");
    requireNonNull(progress, "progress is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(estimatedTimeLeft, "estimatedTimeLeft is null");
  }

  static BackfillStatus of(Backfill backfill, BackfillProgress progress, Instant startedAt, Instant now) {
    Duration elapsed = Duration.between(startedAt, now);
    double minutes = Math.max(elapsed.toMillis(), 1) / 60_000.0;
    double rate = progress.done() / minutes;
    int left = progress.total() - progress.done() - progress.failed();
    Optional<Duration> eta = progress.done() == 0 || left <= 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis((long) (left / rate * 60_000)));
    return new BackfillStatus(backfill, progress, startedAt, rate, eta);
  }
}
