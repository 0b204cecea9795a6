package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The request of an HTTP operator of Airflow's http provider ({@code SimpleHttpOperator},
 * {@code HttpOperator}) as the import recovered it: its arguments from literals in the DAG source,
 * its templated fields ({@code endpoint}, {@code data}) also from the rendered fields of runs.
 *
 * @param connectionId the {@code http_conn_id}, {@code http_default} when the call does not set it;
 *     empty when it is not known (the DAG source could not be read, or it is not a literal)
 * @param method the HTTP method in upper case, {@code POST} (the operators' default) when not set
 * @param endpoint the endpoint template, appended to the connection's URL; empty when the call sets none
 * @param data the request body template; empty when the call sends none
 * @param headers the request headers by name
 * @param unsupported what the operator does that the recovered request does not carry, each naming its
 *     argument and why (a {@code response_check} callable, headers that are not a literal); empty when
 *     the request is all the operator does
 */
public record HttpRequest(
        Optional<String> connectionId,
        String method,
        Optional<SqlTemplate> endpoint,
        Optional<SqlTemplate> data,
        Map<String, String> headers,
        List<String> unsupported) {

    /** The connection the operators use when {@code http_conn_id} is not given. */
    public static final String DEFAULT_CONNECTION = "http_default";
    /** The method the operators use when {@code method} is not given. */
    public static final String DEFAULT_METHOD = "POST";

    public HttpRequest {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(method, "method is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(data, "data is null");
        if (method.isBlank()) {
            throw new IllegalArgumentException("Invalid HTTP request: the method is blank");
        }
        method = method.strip().toUpperCase(Locale.ROOT);
        // sorted, so that the model reads the same in every export
        headers = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(headers, "headers is null")));
        unsupported = List.copyOf(requireNonNull(unsupported, "unsupported is null"));
    }
}
