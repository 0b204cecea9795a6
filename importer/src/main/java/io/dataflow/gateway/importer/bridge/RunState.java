package io.dataflow.gateway.importer.bridge;

import java.util.Locale;

/** The state of a DAG run, the same four in both Airflow generations. */
public enum RunState {
    QUEUED, RUNNING, SUCCESS, FAILED;

    /** Whether the run has ended: {@link #SUCCESS} or {@link #FAILED}. */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED;
    }

    /** The state Airflow names {@code value}, e.g. {@code running}. */
    public static RunState of(String value) {
        for (RunState state : values()) {
            if (state.name().toLowerCase(Locale.ROOT).equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown DAG run state '" + value + "', expected queued, running, success or failed");
    }
}
