package io.dataflow.gateway.importer.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An update of a dataset (Airflow 2) or asset (Airflow 3), by a task or through the REST API.
 *
 * @param uri the dataset/asset URI
 * @param extra the event's extra: name to the JSON text of the value, sorted by name
 * @param sourceDagId the DAG whose task produced the event; empty for an event created through the API
 * @param sourceTaskId that task
 * @param sourceRunId that task's run
 * @param timestamp when Airflow recorded the event
 * @param triggeredRuns the runs the event created in the DAGs it schedules
 */
public record DatasetEvent(String uri, Map<String, String> extra, Optional<String> sourceDagId,
        Optional<String> sourceTaskId, Optional<String> sourceRunId, Instant timestamp, List<TriggeredRun> triggeredRuns) {

    /** A run that the event created. */
    public record TriggeredRun(String dagId, String runId) {
        public TriggeredRun {
            requireNonNull(dagId, "dagId is null");
            requireNonNull(runId, "runId is null");
        }
    }

    public DatasetEvent {
        requireNonNull(uri, "uri is null");
        extra = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(extra, "extra is null")));
        requireNonNull(sourceDagId, "sourceDagId is null");
        requireNonNull(sourceTaskId, "sourceTaskId is null");
        requireNonNull(sourceRunId, "sourceRunId is null");
        requireNonNull(timestamp, "timestamp is null");
        triggeredRuns = List.copyOf(requireNonNull(triggeredRuns, "triggeredRuns is null"));
    }
}
