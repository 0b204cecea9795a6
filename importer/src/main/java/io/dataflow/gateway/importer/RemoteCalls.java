package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs generated-client calls with bounded concurrency and retries (429, 5xx and timeouts only), and
 * turns failures into {@link AirflowException}s that carry Airflow's explanation.
 */
final class RemoteCalls {

    /** A call of a generated client. */
    @FunctionalInterface
    interface ApiCall<T> {
        T call() throws Exception;
    }

    /** Whether a call may be sent twice. */
    enum Safety {
        /** Reads, and writes that set a value: retried on 429, 5xx and timeouts. */
        IDEMPOTENT,
        /** Creations without a key of their own: retried only when Airflow cannot have acted on them. */
        NOT_IDEMPOTENT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RetryPolicy policy;
    private final Semaphore inFlight;
    private final Function<Exception, HttpFailure> classifier;

    /**
     * @param classifier reads status, body and headers out of one generated package's {@code ApiException}
     */
    RemoteCalls(RetryPolicy policy, int maxConcurrency, Function<Exception, HttpFailure> classifier) {
        this.policy = requireNonNull(policy, "policy is null");
        this.inFlight = new Semaphore(maxConcurrency, true);
        this.classifier = requireNonNull(classifier, "classifier is null");
    }

    <T> T call(String operation, ApiCall<T> call) {
        return call(operation, Safety.IDEMPOTENT, call);
    }

    <T> T call(String operation, Safety safety, ApiCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            HttpFailure failure;
            try {
                inFlight.acquire();
                try {
                    return call.call();
                } finally {
                    inFlight.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException(operation, 0, operation + " was interrupted", e);
            } catch (AirflowException e) {
                throw e;
            } catch (Exception e) {
                failure = classifier.apply(e);
            }
            boolean retryable = safety == Safety.IDEMPOTENT ? failure.retryable() : failure.retryableOnce();
            if (!retryable || attempt >= policy.maxAttempts()) {
                throw failed(operation, failure, attempt);
            }
            Duration wait = policy.backoff(attempt);
            Duration asked = failure.retryAfter().orElse(Duration.ZERO);
            if (asked.compareTo(wait) > 0) {
                wait = asked.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : asked;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException(operation, failure.status(), operation + " was interrupted while waiting to retry", e);
            }
        }
    }

    private static AirflowException failed(String operation, HttpFailure failure, int attempts) {
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        if (failure.status() == 0 && mismatch(failure.cause()) instanceof JsonMappingException m) {
            return new AirflowException(operation, 0, operation + " answered a document that does not fit the spec, at "
                    + path(m) + ": " + m.getOriginalMessage(), failure.cause());
        }
        if (failure.status() == 0) {
            String what = failure.timedOut() ? "timed out" : "failed: " + rootMessage(failure.cause());
            return new AirflowException(operation, 0, operation + " " + what + tries, failure.cause());
        }
        return new AirflowException(operation, failure.status(), operation + " failed with HTTP " + failure.status()
                + tries + explanation(failure.body()), failure.cause());
    }

    /**
     * The mapping error of a well-formed answer whose value does not have the type the spec gives; null for
     * malformed JSON (which Jackson also wraps in a mapping error) and for everything else.
     */
    private static Throwable mismatch(Throwable t) {
        Throwable mapping = null;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof JsonParseException) {
                return null;
            }
            if (mapping == null && c instanceof JsonMappingException) {
                mapping = c;
            }
        }
        return mapping;
    }

    /** The JSON path of the offending value in the API's own field names, e.g. {@code tasks[1].retries}. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "the document root" : out.toString();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Airflow 2's problem JSON ({@code title}, {@code detail}) or Airflow 3's {@code {"detail": …}}. */
    static String explanation(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                StringBuilder out = new StringBuilder();
                if (node.path("title").isTextual()) {
                    out.append(node.get("title").asText());
                }
                JsonNode detail = node.path("detail");
                if (!detail.isMissingNode() && !detail.isNull()) {
                    out.append(out.isEmpty() ? "" : ": ").append(detail.isTextual() ? detail.asText() : detail.toString());
                }
                if (!out.isEmpty()) {
                    return ": " + out;
                }
            }
        } catch (java.io.IOException e) {
            // not JSON: quote the start of the body below
        }
        return ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
}
