package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How one run of an action ended.
 *
 * @param succeeded whether the run counts as a success
 * @param exitCode the shell command's exit code, or the HTTP response's status
 * @param output what the run printed or answered, bounded in size
 * @param error why the run failed, when it did
 * @param externalId the id of the run elsewhere: Trino's query id, Airflow's DAG run id
 */
record RunOutcome(boolean succeeded, Optional<Integer> exitCode, String output, Optional<String> error, Optional<String> externalId) {
  RunOutcome {
    requireNonNull(exitCode, "exitCode is null");
    requireNonNull(output, "output is null");
    requireNonNull(error, "error is null");
    requireNonNull(externalId, "externalId is null");
    if (succeeded == error.isPresent()) {
      throw new IllegalArgumentException("A run outcome has an error exactly when it failed");
    }
  }

  static RunOutcome failed(String error) {
    return new RunOutcome(false, Optional.empty(), "", Optional.of(error), Optional.empty());
  }
}
