package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the live documents of both API generations share: credentials, bounded and retried calls, and
 * one fresh try with a new token after a 401 in the token flow.
 */
final class LiveSession {

    private final AirflowConnection connection;
    private final RemoteCalls calls;
    private final Credentials credentials;
    private final Function<Exception, HttpFailure> classifier;

    LiveSession(AirflowConnection connection, Function<Exception, HttpFailure> classifier) {
        this.connection = requireNonNull(connection, "connection is null");
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.calls = new RemoteCalls(connection.retry(), connection.maxConcurrency(), classifier);
        Optional<io.dataflow.gateway.importer.client.generated.auth.ApiClient> tokenClient = Optional.empty();
        if (connection.authentication() instanceof Authentication.TokenFlow) {
            var client = new io.dataflow.gateway.importer.client.generated.auth.ApiClient();
            client.setHttpClientBuilder(httpClientBuilder());
            client.setConnectTimeout(connection.connectTimeout());
            client.setReadTimeout(connection.requestTimeout());
            client.updateBaseUri(connection.baseUrl().toString());
            tokenClient = Optional.of(client);
        }
        this.credentials = new Credentials(connection.authentication(), tokenClient,
                new RemoteCalls(connection.retry(), 1, Credentials::classify));
    }

    AirflowConnection connection() {
        return connection;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * A client builder honouring the connection's TLS context; timeouts are set on the generated client.
     * Plain {@code http://} speaks HTTP/1.1 outright: Airflow's servers (gunicorn, uvicorn) do not upgrade to
     * cleartext HTTP/2, so the {@code h2c} upgrade offer only costs every connection; over TLS, HTTP/2 is
     * still chosen by ALPN when the server offers it.
     */
    HttpClient.Builder httpClientBuilder() {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL);
        if ("http".equals(connection.baseUrl().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        connection.sslContext().ifPresent(builder::sslContext);
        return builder;
    }

    <T> T call(String operation, RemoteCalls.ApiCall<T> call) {
        return call(operation, RemoteCalls.Safety.IDEMPOTENT, call);
    }

    /** A call retried as its safety allows; a 401 (never acted on) is tried once more with a new token. */
    <T> T call(String operation, RemoteCalls.Safety safety, RemoteCalls.ApiCall<T> call) {
        credentials.prepare();
        String used = credentials.currentHeader();
        try {
            return calls.call(operation, safety, call);
        } catch (AirflowException e) {
            if (e.status().orElse(0) == 401 && credentials.refresh(used)) {
                return calls.call(operation, safety, call);
            }
            throw e;
        }
    }

    /**
     * A creation that carries its own key (a fixed run id), so that sending it twice cannot create two
     * things: retried like an idempotent call. A 409 after an attempt that Airflow may have applied (a 5xx,
     * a timeout) is then most likely that attempt's own success, so the thing is read back by its key; if
     * it is not there, the 409 stands.
     *
     * @param existing reads the thing by its key; empty when Airflow does not have it
     */
    <T> T createWithKey(String operation, RemoteCalls.ApiCall<T> create, Supplier<Optional<T>> existing) {
        AtomicBoolean mayHaveBeenApplied = new AtomicBoolean();
        try {
            return call(operation, RemoteCalls.Safety.IDEMPOTENT, () -> {
                try {
                    return create.call();
                } catch (Exception e) {
                    if (classifier.apply(e).mayHaveBeenApplied()) {
                        mayHaveBeenApplied.set(true);
                    }
                    throw e;
                }
            });
        } catch (AirflowException e) {
            if (e.status().orElse(0) == 409 && mayHaveBeenApplied.get()) {
                return existing.get().orElseThrow(() -> e);
            }
            throw e;
        }
    }
}
