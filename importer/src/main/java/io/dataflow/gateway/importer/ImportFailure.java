package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

/**
 * A DAG that could not be imported, while the others were.
 *
 * @param dagId the DAG
 * @param where the field or API call at fault, e.g. {@code tasks[daily_totals].retries} or
 *     {@code GET /api/v2/dags/x/details}
 * @param reason what was wrong
 */
public record ImportFailure(String dagId, String where, String reason) {
    public ImportFailure {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(where, "where is null");
        requireNonNull(reason, "reason is null");
    }
}
