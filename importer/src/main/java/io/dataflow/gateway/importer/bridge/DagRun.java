package io.dataflow.gateway.importer.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A DAG run as either Airflow generation reports it.
 *
 * @param logicalDate the run's logical date; Airflow 3 allows runs without one
 * @param startDate when it started running, once it has
 * @param endDate when it ended, once it has
 */
public record DagRun(String dagId, String runId, RunState state, Optional<Instant> logicalDate,
        Optional<Instant> startDate, Optional<Instant> endDate) {

    public DagRun {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(state, "state is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
    }
}
