package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * When Airflow creates runs of a DAG. Airflow 2 and 3 describe schedules differently (a typed
 * {@code schedule_interval} object against a {@code timetable_summary} string); both map to one of
 * these cases.
 */
public sealed interface Schedule {

    /** A cron expression, evaluated in the DAG's timezone. */
    record Cron(String expression, ZoneId timezone) implements Schedule {
        public Cron {
            requireNonNull(expression, "expression is null");
            requireNonNull(timezone, "timezone is null");
            if (expression.isBlank()) {
                throw new IllegalArgumentException("Invalid cron schedule: the expression is blank");
            }
        }
    }

    /** One of Airflow's named presets such as {@code @daily}. */
    record Preset(String name) implements Schedule {
        /** The presets Airflow knows. */
        public static final Set<String> NAMES = Set.of(
                "@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly", "@annually");

        public Preset {
            requireNonNull(name, "name is null");
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown schedule preset '" + name + "', expected one of " + NAMES);
            }
        }
    }

    /** A fixed interval between runs (a Python {@code timedelta}). */
    record Timedelta(Duration every) implements Schedule {
        public Timedelta {
            requireNonNull(every, "every is null");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("Invalid timedelta schedule: " + every + " is not positive");
            }
        }
    }

    /**
     * Runs start when datasets (Airflow 2) or assets (Airflow 3) are updated. The condition is written
     * with URIs, {@code all(...)} and {@code any(...)}, e.g. {@code all(s3://a, any(s3://b, s3://c))}.
     */
    record DatasetTriggered(String condition) implements Schedule {
        public DatasetTriggered {
            requireNonNull(condition, "condition is null");
        }
    }

    /** A custom timetable that only Airflow understands; kept as its human-readable description. */
    record Timetable(String description) implements Schedule {
        public Timetable {
            requireNonNull(description, "description is null");
        }
    }

    /** No schedule: runs are only triggered externally. */
    record None() implements Schedule {
    }
}
