package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * An Airflow call that failed for good (after retries where they apply), or a snapshot that cannot be
 * read. The message names the call, the HTTP status and Airflow's own explanation.
 */
public class AirflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int status;

    /**
     * @param operation the call, e.g. {@code GET /api/v1/dags}
     * @param status the HTTP status, or 0 when no HTTP answer was received
     */
    public AirflowException(String operation, int status, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.operation = requireNonNull(operation, "operation is null");
        this.status = status;
    }

    /** The failed call. */
    public String operation() {
        return operation;
    }

    /** The HTTP status Airflow answered with, if it answered. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
