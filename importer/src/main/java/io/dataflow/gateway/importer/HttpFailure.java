package io.dataflow.gateway.importer;

import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * What a generated client's exception says, independent of which generated package it came from.
 *
 * @param status the HTTP status, 0 when no answer was received
 * @param body the answer's body, empty when none
 * @param headers the answer's headers, empty when none
 * @param cause the underlying exception
 */
record HttpFailure(int status, String body, HttpHeaders headers, Throwable cause) {

    HttpFailure {
        body = body == null ? "" : body;
        headers = headers == null ? HttpHeaders.of(java.util.Map.of(), (a, b) -> true) : headers;
    }

    boolean timedOut() {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** 429, 5xx and timeouts are worth another try; nothing else is. */
    boolean retryable() {
        return status == 429 || status >= 500 || (status == 0 && timedOut());
    }

    /**
     * Whether the call is worth another try for a request that must not be applied twice: only when Airflow
     * cannot have acted on it, after a 429 (refused before handling) or when no connection could be opened.
     */
    boolean retryableOnce() {
        return status == 429 || (status == 0 && connectTimedOut());
    }

    /** Whether Airflow may have acted on the request although the call failed: a 5xx, or no answer in time. */
    boolean mayHaveBeenApplied() {
        return status >= 500 || (status == 0 && timedOut() && !connectTimedOut());
    }

    private boolean connectTimedOut() {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    Optional<java.time.Duration> retryAfter() {
        return headers.firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(java.time.Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
            }
        });
    }
}
