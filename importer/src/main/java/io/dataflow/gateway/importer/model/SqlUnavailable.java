package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

/** The task has SQL but it could not be recovered; the reason says which paths were tried and why they failed. */
public record SqlUnavailable(String reason) implements SqlTemplate {
    public SqlUnavailable {
        requireNonNull(reason, "reason is null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("SqlUnavailable needs a reason");
        }
    }
}
