package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A recovered SQL template, with Airflow's Jinja date expressions ({@code {{ ds }}} …) in place.
 *
 * @param statements the template as the operator receives it: one element for a {@code sql} string,
 *     several for a list of statements
 * @param origin how it was obtained
 * @param confidence between 0 (exclusive) and 1 (inclusive): 1 for a literal in the DAG source; for
 *     de-rendering it grows with the number of runs that agree
 * @param evidence the number of pieces of evidence that agree (1 for a source literal, the number of
 *     agreeing runs otherwise)
 */
public record RecoveredSql(List<String> statements, SqlOrigin origin, double confidence, int evidence)
        implements SqlTemplate {

    public RecoveredSql {
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
        requireNonNull(origin, "origin is null");
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("A recovered SQL template needs at least one statement");
        }
        if (!(confidence > 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Invalid confidence " + confidence + ", expected a value in (0, 1]");
        }
        if (evidence < 1) {
            throw new IllegalArgumentException("Invalid evidence count " + evidence + ", expected at least 1");
        }
    }

    /** The statements joined as one script, separated by {@code ;} and a new line. */
    public String text() {
        return String.join(";\n", statements);
    }
}
