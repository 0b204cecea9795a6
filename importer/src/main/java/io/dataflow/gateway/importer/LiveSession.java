package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the live documents of both API generations share: credentials, bounded and retried calls, and
 * one fresh try with a new token after a 401 in the token flow.
 */
final class LiveSession {

    private final AirflowConnection connection;
    private final RemoteCalls calls;
    private final Credentials credentials;

    LiveSession(AirflowConnection connection, Function<Exception, HttpFailure> classifier) {
        this.connection = requireNonNull(connection, "connection is null");
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

    /** A client builder honouring the connection's TLS context; timeouts are set on the generated client. */
    HttpClient.Builder httpClientBuilder() {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL);
        connection.sslContext().ifPresent(builder::sslContext);
        return builder;
    }

    <T> T call(String operation, RemoteCalls.ApiCall<T> call) {
        credentials.prepare();
        String used = credentials.currentHeader();
        try {
            return calls.call(operation, call);
        } catch (AirflowException e) {
            if (e.status().orElse(0) == 401 && credentials.refresh(used)) {
                return calls.call(operation, call);
            }
            throw e;
        }
    }
}
