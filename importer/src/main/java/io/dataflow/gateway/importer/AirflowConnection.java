package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach a live Airflow.
 *
 * @param baseUrl the webserver's root, e.g. {@code https://airflow.example.com}; the API prefix
 *     ({@code /api/v1} or {@code /api/v2}) is added by the importer
 * @param version which API generation the deployment speaks
 * @param authentication the credentials
 * @param connectTimeout limit for opening a connection
 * @param requestTimeout limit for one request, from sending to the complete answer
 * @param retry retries on 429, 5xx and timeouts
 * @param maxConcurrency at most this many requests in flight at once
 * @param pageSize the {@code limit} of list requests (Airflow caps it at {@code maximum_page_limit}, 100 by default)
 * @param recentRuns how many of a DAG's latest runs are read for de-rendering its SQL
 * @param sslContext the TLS context to trust a private CA with; the JDK default otherwise
 */
public record AirflowConnection(
        URI baseUrl,
        AirflowVersion version,
        Authentication authentication,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        int maxConcurrency,
        int pageSize,
        int recentRuns,
        Optional<SSLContext> sslContext) {

    public AirflowConnection {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(version, "version is null");
        requireNonNull(authentication, "authentication is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(sslContext, "sslContext is null");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("Invalid Airflow base URL '" + baseUrl + "': expected http or https");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("Invalid timeouts: connect " + connectTimeout + ", request "
                    + requestTimeout + "; both must be positive");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("Invalid maxConcurrency " + maxConcurrency + ", expected >= 1");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("Invalid pageSize " + pageSize + ", expected >= 1");
        }
        if (recentRuns < 0) {
            throw new IllegalArgumentException("Invalid recentRuns " + recentRuns + ", expected >= 0");
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /**
     * A connection with the defaults: 10 s to connect, 30 s per request, {@link RetryPolicy#DEFAULT},
     * 4 requests in flight, pages of 100, the 5 latest runs.
     */
    public static AirflowConnection of(URI baseUrl, AirflowVersion version, Authentication authentication) {
        return new AirflowConnection(baseUrl, version, authentication, Duration.ofSeconds(10), Duration.ofSeconds(30),
                RetryPolicy.DEFAULT, 4, 100, 5, Optional.empty());
    }

    /** This connection with other timeouts. */
    public AirflowConnection withTimeouts(Duration connect, Duration request) {
        return new AirflowConnection(baseUrl, version, authentication, connect, request, retry, maxConcurrency,
                pageSize, recentRuns, sslContext);
    }

    /** This connection with another retry policy. */
    public AirflowConnection withRetry(RetryPolicy policy) {
        return new AirflowConnection(baseUrl, version, authentication, connectTimeout, requestTimeout, policy,
                maxConcurrency, pageSize, recentRuns, sslContext);
    }

    /** This connection with other limits of concurrency, page size and runs read. */
    public AirflowConnection withLimits(int concurrency, int page, int runs) {
        return new AirflowConnection(baseUrl, version, authentication, connectTimeout, requestTimeout, retry,
                concurrency, page, runs, sslContext);
    }

    /** This connection trusting the given TLS context. */
    public AirflowConnection withSslContext(SSLContext context) {
        return new AirflowConnection(baseUrl, version, authentication, connectTimeout, requestTimeout, retry,
                maxConcurrency, pageSize, recentRuns, Optional.of(context));
    }
}
