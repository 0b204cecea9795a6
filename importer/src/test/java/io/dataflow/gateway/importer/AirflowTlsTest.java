package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Airflow behind TLS with a self-signed certificate (for {@code localhost} and {@code 127.0.0.1}, in
 * {@code src/test/resources/tls}), trusted only through the {@link SSLContext} given to the connection.
 */
class AirflowTlsTest {

    private static final String PASSWORD = "changeit";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private WireMockServer airflow;

    @BeforeEach
    void start() throws Exception {
        Path keystore = Path.of(AirflowTlsTest.class.getResource("/tls/airflow-localhost.p12").toURI());
        airflow = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD));
        airflow.start();
    }

    @AfterEach
    void stop() {
        airflow.stop();
    }

    private URI base() {
        return URI.create("https://localhost:" + airflow.httpsPort());
    }

    /** A TLS context that trusts exactly the test certificate. */
    private static SSLContext trustingTestCertificate() throws Exception {
        Certificate certificate;
        try (InputStream in = AirflowTlsTest.class.getResourceAsStream("/tls/airflow-localhost.crt")) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("airflow", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void aSelfSignedAirflowIsReachedThroughTheGivenSslContextTokenFlowIncluded() throws Exception {
        AirflowFixture.serveV2(airflow, 2);
        AirflowConnection connection = AirflowConnection.of(base(), AirflowVersion.AIRFLOW_3,
                        new Authentication.TokenFlow("admin", "s3cret"))
                .withSslContext(trustingTestCertificate()).withRetry(FAST).withLimits(2, 2, 5);

        ImportResult result = Importers.live(connection).importDags(DagFilter.ALL);

        EcommerceExpectations.assertAllThree(result);
        airflow.verify(1, postRequestedFor(urlPathEqualTo("/auth/token")));
        airflow.verify(getRequestedFor(urlPathEqualTo("/api/v2/dags")));
    }

    @Test
    void withoutTheSslContextTheCertificateIsRefusedAtOnceAndNoRequestArrives() {
        AirflowFixture.serveV2(airflow, 2);
        AirflowConnection connection = AirflowConnection.of(base(), AirflowVersion.AIRFLOW_3,
                new Authentication.Bearer("t")).withRetry(FAST);

        assertThatThrownBy(() -> Importers.live(connection).importDags(DagFilter.ALL))
                .isInstanceOf(AirflowException.class)
                .hasMessageStartingWith("GET /api/v2/dags failed: ")
                .hasMessageNotContaining("attempts")
                .satisfies(e -> assertThat(((AirflowException) e).status()).isEmpty());
        airflow.verify(0, anyRequestedFor(anyUrl()));
    }
}
