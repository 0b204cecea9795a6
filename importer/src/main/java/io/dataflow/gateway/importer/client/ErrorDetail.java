package io.dataflow.gateway.importer.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * The {@code detail} of Airflow 3's {@code HTTPExceptionResponse}: a string or an object
 * ({@code anyOf} in the spec), kept as JSON. Stands in for the generator's anyOf wrapper, which does not
 * compile for this shape.
 */
public final class ErrorDetail {

    private final JsonNode value;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ErrorDetail(JsonNode value) {
        this.value = value == null ? NullNode.getInstance() : value;
    }

    /** The detail as JSON. */
    @JsonValue
    public JsonNode value() {
        return value;
    }

    /** The detail as text: the string itself, or the object's JSON. */
    @Override
    public String toString() {
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** Needed by the generated models; error details never travel in query strings. */
    public String toUrlQueryString(String prefix) {
        return prefix + "=" + java.net.URLEncoder.encode(toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorDetail other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
