package io.dataflow.gateway.importer.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Operations on a live Airflow, the same for Airflow 2 and 3. Every method throws
 * {@link io.dataflow.gateway.importer.AirflowException} when Airflow refuses or cannot be reached, carrying
 * the HTTP status Airflow answered: 404 for an unknown DAG, run or dataset, 403 without permission, 409 for
 * a run id in use. Reads and pauses are retried on 429, 5xx and timeouts; creating an event or a run without
 * run id only on 429 and connect timeouts, which prove Airflow did not receive the request.
 */
public interface AirflowBridge {

    /** Sets a DAG's paused flag ({@code PATCH dags/{dag_id}} with {@code update_mask=is_paused}); idempotent. */
    void setPaused(String dagId, boolean paused);

    /** Pauses a DAG: Airflow creates no new runs of it. */
    default void pause(String dagId) {
        setPaused(dagId, true);
    }

    /** Unpauses a DAG. */
    default void unpause(String dagId) {
        setPaused(dagId, false);
    }

    /**
     * The dataset/asset events that pass the query, oldest first, every page read.
     *
     * @throws io.dataflow.gateway.importer.AirflowException also when the query names a URI Airflow does not know
     */
    List<DatasetEvent> events(EventQuery query);

    /**
     * Records an update of a dataset/asset, which schedules the DAGs that consume it. Not idempotent: a
     * second call records a second event.
     *
     * @param extra the event's extra, JSON-serializable values
     */
    DatasetEvent createEvent(String uri, Map<String, Object> extra);

    /** Triggers a run of a DAG; see {@link RunRequest#runId()} for when it is retried. */
    DagRun trigger(String dagId, RunRequest request);

    /** The current state of a run. */
    DagRun run(String dagId, String runId);

    /**
     * Polls a run every {@code interval} until it has ended or {@code timeout} has passed.
     *
     * @return the run as last seen: ended, or still queued or running when the time ran out
     */
    DagRun await(String dagId, String runId, Duration timeout, Duration interval);
}
