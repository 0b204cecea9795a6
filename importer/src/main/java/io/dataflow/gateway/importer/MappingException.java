package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

/** A document that does not fit the model; names the field, e.g. {@code tasks[load].retry_delay}. */
final class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    MappingException(String field, String reason) {
        super(field + ": " + reason);
        this.field = requireNonNull(field, "field is null");
    }

    String field() {
        return field;
    }

    String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
