package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.client.generated.auth.ApiClient;
import io.dataflow.gateway.importer.client.generated.auth.ApiException;
import io.dataflow.gateway.importer.client.generated.auth.api.SimpleAuthManagerLoginApi;
import io.dataflow.gateway.importer.client.generated.auth.model.LoginBody;
import io.dataflow.gateway.importer.client.generated.auth.model.LoginResponse;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Supplies the {@code Authorization} header of every request, and for Airflow 3's token flow fetches
 * the JWT from {@code POST /auth/token} (again after a 401, once per failed call).
 */
final class Credentials {

    private final Authentication authentication;
    private final Optional<SimpleAuthManagerLoginApi> tokenApi;
    private final RemoteCalls tokenCalls;
    private volatile String header;

    Credentials(Authentication authentication, Optional<ApiClient> tokenClient, RemoteCalls tokenCalls) {
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.tokenApi = tokenClient.map(SimpleAuthManagerLoginApi::new);
        this.tokenCalls = requireNonNull(tokenCalls, "tokenCalls is null");
        this.header = switch (authentication) {
            case Authentication.Anonymous a -> null;
            case Authentication.Basic b -> "Basic " + Base64.getEncoder()
                    .encodeToString((b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
            case Authentication.Bearer b -> "Bearer " + b.token();
            case Authentication.TokenFlow t -> null;
        };
    }

    /** Reads the status of an auth-client exception. */
    static HttpFailure classify(Exception e) {
        return e instanceof ApiException a
                ? new HttpFailure(a.getCode(), a.getResponseBody(), a.getResponseHeaders(), a.getCause() == null ? a : a.getCause())
                : new HttpFailure(0, "", null, e);
    }

    /** Makes sure a token is at hand; call outside of any other request. */
    void prepare() {
        if (authentication instanceof Authentication.TokenFlow flow && header == null) {
            synchronized (this) {
                if (header == null) {
                    header = "Bearer " + fetchToken(flow);
                }
            }
        }
    }

    /** Forgets a token that Airflow refused; true when a new one can be fetched. */
    boolean refresh(String refusedHeader) {
        if (!(authentication instanceof Authentication.TokenFlow)) {
            return false;
        }
        synchronized (this) {
            if (header != null && header.equals(refusedHeader)) {
                header = null;
            }
        }
        prepare();
        return true;
    }

    String currentHeader() {
        return header;
    }

    /** The interceptor that adds the header to a generated client's requests. */
    Consumer<HttpRequest.Builder> interceptor() {
        return builder -> {
            String value = header;
            if (value != null) {
                builder.header("Authorization", value);
            }
        };
    }

    private String fetchToken(Authentication.TokenFlow flow) {
        SimpleAuthManagerLoginApi api = tokenApi.orElseThrow(() ->
                new IllegalStateException("The token flow needs the Airflow 3 token endpoint"));
        LoginBody body = new LoginBody().username(flow.username()).password(flow.password());
        LoginResponse response = tokenCalls.call("POST /auth/token", () -> api.createToken(body, "application/json"));
        if (response == null || response.getAccessToken() == null || response.getAccessToken().isBlank()) {
            throw new AirflowException("POST /auth/token", 0, "POST /auth/token answered without an access_token", null);
        }
        return response.getAccessToken();
    }
}
