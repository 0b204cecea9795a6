package io.dataflow.gateway.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DagRun;
import io.dataflow.gateway.importer.bridge.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the bridges of both generations share: argument checks, answer checks, the polling loop. */
final class BridgeSupport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private BridgeSupport() {
    }

    static String id(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + value + "': expected a non-blank id");
        }
        return value;
    }

    static AirflowException badAnswer(String operation, String what) {
        return new AirflowException(operation, 0, operation + " answered " + what, null);
    }

    /** Airflow's answer to a pause or unpause must show the flag as asked. */
    static void checkPaused(String operation, Boolean answered, boolean asked) {
        if (answered == null || answered != asked) {
            throw badAnswer(operation, "is_paused=" + answered + " after setting it to " + asked);
        }
    }

    static DagRun run(String operation, String dagId, String runId, String state, OffsetDateTime logicalDate,
            OffsetDateTime startDate, OffsetDateTime endDate) {
        if (runId == null || state == null) {
            throw badAnswer(operation, "a run without " + (runId == null ? "dag_run_id" : "state"));
        }
        RunState known;
        try {
            known = RunState.of(state);
        } catch (IllegalArgumentException e) {
            throw badAnswer(operation, "a run in an unknown state: " + e.getMessage());
        }
        return new DagRun(dagId, runId, known, instant(logicalDate), instant(startDate), instant(endDate));
    }

    static Optional<Instant> instant(OffsetDateTime time) {
        return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
    }

    /** An event's {@code extra} as name to JSON text. */
    static Map<String, String> extra(String operation, Object extra) {
        Map<String, String> out = new TreeMap<>();
        if (extra == null) {
            return out;
        }
        if (!(extra instanceof Map<?, ?> map)) {
            throw badAnswer(operation, "an event whose extra is not an object: " + extra);
        }
        map.forEach((k, v) -> {
            try {
                out.put(String.valueOf(k), JSON.writeValueAsString(v));
            } catch (JsonProcessingException e) {
                throw badAnswer(operation, "an extra value that cannot be written as JSON: " + e.getOriginalMessage());
            }
        });
        return out;
    }

    /** Reads a run until it has ended or the time is up. */
    static DagRun await(AirflowBridge bridge, String dagId, String runId, Duration timeout, Duration interval) {
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Invalid polling: timeout " + timeout + " and interval " + interval
                    + ", expected a timeout >= 0 and a positive interval");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DagRun run = bridge.run(dagId, runId);
            long left = deadline - System.nanoTime();
            if (run.state().isTerminal() || left <= 0) {
                return run;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(interval.toNanos(), left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException("await run " + runId + " of " + dagId, 0,
                        "Waiting for run '" + runId + "' of DAG '" + dagId + "' was interrupted", e);
            }
        }
    }

    /** The run read back after a 409 on a retried trigger; empty when Airflow has no such run. */
    static Optional<DagRun> existing(AirflowBridge bridge, String dagId, String runId) {
        try {
            return Optional.of(bridge.run(dagId, runId));
        } catch (AirflowException e) {
            if (e.status().orElse(0) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
