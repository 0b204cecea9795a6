package io.dataflow.gateway.importer.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to trigger.
 *
 * @param runId the run id to create. With one, the trigger is idempotent: it is retried after timeouts
 *     and 5xx answers, and a 409 after such a retry means the earlier attempt went through, so that run is
 *     returned. Without one, Airflow names the run and the trigger is never retried once it may have
 *     reached Airflow
 * @param logicalDate the logical date; when absent, Airflow 2 takes the current time and Airflow 3 creates
 *     a run without logical date
 * @param conf the run's {@code conf}, JSON-serializable values
 * @param note a note shown with the run in Airflow's UI
 */
public record RunRequest(Optional<String> runId, Optional<Instant> logicalDate, Map<String, Object> conf,
        Optional<String> note) {

    public RunRequest {
        requireNonNull(runId, "runId is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(note, "note is null");
        conf = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(conf, "conf is null")));
        runId.ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("Invalid run request: the run id is blank");
            }
        });
    }

    /** A run with the given id (the idempotency key), logical date and conf. */
    public static RunRequest withRunId(String runId, Optional<Instant> logicalDate, Map<String, Object> conf) {
        return new RunRequest(Optional.of(requireNonNull(runId, "runId is null")), logicalDate, conf, Optional.empty());
    }

    /** A run named by Airflow, with no logical date given and an empty conf. */
    public static RunRequest namedByAirflow() {
        return new RunRequest(Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }
}
