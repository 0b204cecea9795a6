package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded run of a fallback job (a row of {@code fallback_runs}).
 *
 * @param runId the run's id
 * @param job the task that ran
 * @param kind the kind of action, e.g. {@code shell}
 * @param interval the data interval it covered; its start is the logical date
 * @param scheduledAt when the firing was due
 * @param startedAt when the action started
 * @param finishedAt when it ended, once it has
 * @param state running, succeeded or failed
 * @param exitCode the command's exit code or the HTTP status
 * @param output the captured output, bounded in size
 * @param error why it failed
 * @param externalId Trino's query id or Airflow's DAG run id
 * @param instanceId the gateway instance (Quartz scheduler instance) that ran it
 */
public record FallbackRun(
    long runId,
    FallbackJobKey job,
    String kind,
    DataInterval interval,
    Instant scheduledAt,
    Instant startedAt,
    Optional<Instant> finishedAt,
    State state,
    Optional<Integer> exitCode,
    String output,
    Optional<String> error,
    Optional<String> externalId,
    String instanceId) {

  /** Where a run is. */
  public enum State {
    RUNNING, SUCCEEDED, FAILED
  }

  public FallbackRun {
    requireNonNull(job, "job is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(scheduledAt, "scheduledAt is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(state, "state is null");
    requireNonNull(exitCode, "exitCode is null");
    requireNonNull(output, "output is null");
    requireNonNull(error, "error is null");
    requireNonNull(externalId, "externalId is null");
    requireNonNull(instanceId, "instanceId is null");
    if ((state == State.RUNNING) == finishedAt.isPresent()) {
      throw new IllegalArgumentException("Invalid fallback run " + runId + ": a run has finished exactly when it is not running");
    }
  }

  /** The run's logical date. */
  public Instant logicalDate() {
    return interval.logicalDate();
  }
}
