package io.dataflow.gateway.importer.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which dataset/asset events to list.
 *
 * @param uri only events of this dataset/asset
 * @param sourceDagId only events produced by this DAG's tasks
 * @param after only events recorded strictly after this instant (Airflow 3 filters on the server, Airflow 2,
 *     which has no such filter, in the importer)
 */
public record EventQuery(Optional<String> uri, Optional<String> sourceDagId, Optional<Instant> after) {

    /** Every event. */
    public static final EventQuery ALL = new EventQuery(Optional.empty(), Optional.empty(), Optional.empty());

    public EventQuery {
        requireNonNull(uri, "uri is null");
        requireNonNull(sourceDagId, "sourceDagId is null");
        requireNonNull(after, "after is null");
    }

    /** The events of one dataset/asset. */
    public static EventQuery of(String uri) {
        return new EventQuery(Optional.of(requireNonNull(uri, "uri is null")), Optional.empty(), Optional.empty());
    }
}
