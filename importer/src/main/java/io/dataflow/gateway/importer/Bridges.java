package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.bridge.AirflowBridge;

/** Where {@link AirflowBridge}s come from: a live Airflow of either generation. */
public final class Bridges {

    private Bridges() {
    }

    /**
     * A bridge to a live Airflow over its REST API, with the connection's authentication, TLS context,
     * timeouts, retries and concurrency limit.
     */
    public static AirflowBridge live(AirflowConnection connection) {
        requireNonNull(connection, "connection is null");
        return switch (connection.version()) {
            case AIRFLOW_2 -> new V1Bridge(connection);
            case AIRFLOW_3 -> new V2Bridge(connection);
        };
    }
}
