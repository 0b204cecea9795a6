package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The end of one fallback run, as the rest of the gateway needs it.
 *
 * @param runId the run's id in {@code fallback_runs}
 * @param job the task that ran
 * @param interval the data interval the run covered
 * @param outputs the datasets the job declares it changes
 * @param error why the run failed; empty for a success
 */
public record FallbackOutcome(long runId, FallbackJobKey job, DataInterval interval, List<String> outputs, Optional<String> error) {
  public FallbackOutcome {
    requireNonNull(job, "job is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(error, "error is null");
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
  }

  public boolean succeeded() {
    return error.isEmpty();
  }
}
