package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dataflow.gateway.importer.change.DagChange;
import io.dataflow.gateway.importer.change.ImportBaseline;
import io.dataflow.gateway.importer.change.ImportComparison;
import io.dataflow.gateway.importer.change.TaskAspect;
import io.dataflow.gateway.importer.change.TaskChange;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Airflow 3 ({@code /api/v2} and {@code /auth/token}) stood in for by WireMock serving spec-shaped fixtures. */
class AirflowV2LiveImportTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private WireMockServer airflow2;
    private WireMockServer airflow3;

    @BeforeEach
    void start() {
        airflow2 = new WireMockServer(wireMockConfig().dynamicPort());
        airflow3 = new WireMockServer(wireMockConfig().dynamicPort());
        airflow2.start();
        airflow3.start();
    }

    @AfterEach
    void stop() {
        airflow2.stop();
        airflow3.stop();
    }

    private AirflowConnection connection(Authentication authentication) {
        return AirflowConnection.of(AirflowFixture.base(airflow3), AirflowVersion.AIRFLOW_3, authentication)
                .withRetry(FAST)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withLimits(2, 2, 5);
    }

    @Test
    void importsEveryDagWithTheTokenFlow() {
        AirflowFixture.serveV2(airflow3, 2);

        ImportResult result = Importers.live(connection(new Authentication.TokenFlow("admin", "s3cret")))
                .importDags(DagFilter.ALL);

        EcommerceExpectations.assertAllThree(result);
        airflow3.verify(1, postRequestedFor(urlPathEqualTo("/auth/token"))
                .withRequestBody(equalToJson("{\"username\":\"admin\",\"password\":\"s3cret\"}")));
        airflow3.verify(getRequestedFor(urlPathEqualTo("/api/v2/dags/ecommerce_daily/details"))
                .withHeader("Authorization", equalTo("Bearer " + AirflowFixture.TOKEN)));
        airflow3.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/dags")));
    }

    @Test
    void bothApiGenerationsYieldEqualModelsForTheSameDags() {
        AirflowFixture.serveV1(airflow2, 2);
        AirflowFixture.serveV2(airflow3, 2);
        AirflowConnection v1 = AirflowConnection.of(AirflowFixture.base(airflow2), AirflowVersion.AIRFLOW_2,
                new Authentication.Basic("admin", "s3cret")).withRetry(FAST).withLimits(2, 2, 5);

        ImportResult fromAirflow2 = Importers.live(v1).importDags(DagFilter.ALL);
        ImportResult fromAirflow3 = Importers.live(connection(new Authentication.Bearer(AirflowFixture.TOKEN)))
                .importDags(DagFilter.ALL);

        assertThat(fromAirflow3).isEqualTo(fromAirflow2);
    }

    @Test
    void aBearerTokenGivenDirectlyIsSentAsIs() {
        AirflowFixture.serveV2(airflow3, 2);

        Importers.live(connection(new Authentication.Bearer("given-token"))).importDags(DagFilter.idPattern("ops"));

        airflow3.verify(getRequestedFor(urlPathEqualTo("/api/v2/dags"))
                .withHeader("Authorization", equalTo("Bearer given-token"))
                .withQueryParam("dag_id_pattern", equalTo("ops")));
        airflow3.verify(0, postRequestedFor(urlPathEqualTo("/auth/token")));
    }

    @Test
    void anExpiredTokenIsFetchedAgainOnce() {
        AirflowFixture.serveV2(airflow3, 2);
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/assets")).inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(AirflowFixture.text("v2/errors/401.json")))
                .willSetStateTo("renewed"));
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/assets")).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(AirflowFixture.text("v2/assets.json"))));

        ImportResult result = Importers.live(connection(new Authentication.TokenFlow("admin", "s3cret")))
                .importDags(DagFilter.ALL);

        EcommerceExpectations.assertAllThree(result);
        airflow3.verify(2, postRequestedFor(urlPathEqualTo("/auth/token")));
    }

    @Test
    void refusedCredentialsReportFastApisDetail() {
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(AirflowFixture.text("v2/errors/401.json"))));

        assertThatThrownBy(() -> Importers.live(connection(new Authentication.Bearer("stale"))).importDags(DagFilter.ALL))
                .isInstanceOf(AirflowException.class)
                .hasMessage("GET /api/v2/dags failed with HTTP 401: Not authenticated");
    }

    @Test
    void aMissingDagIsReportedWithFastApisDetail() {
        AirflowFixture.serveV2(airflow3, 2);
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/ecommerce_daily/tasks")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(AirflowFixture.text("v2/errors/404.json"))));

        ImportResult result = Importers.live(connection(new Authentication.Bearer("t"))).importDags(DagFilter.ALL);

        assertThat(result.dags()).hasSize(2);
        assertThat(result.failures()).containsExactly(new ImportFailure("ecommerce_daily",
                "GET /api/v2/dags/ecommerce_daily/tasks",
                "GET /api/v2/dags/ecommerce_daily/tasks failed with HTTP 404:"
                        + " The Dag with ID: `ecommerce_daily` was not found"));
    }

    @Test
    void aServerErrorThenSuccessIsRetried() {
        AirflowFixture.serveV2(airflow3, 2);
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/customer_segments/details")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/customer_segments/details")).inScenario("flaky")
                .whenScenarioStateIs("ok").willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(AirflowFixture.text("v2/dags/customer_segments/details.json"))));

        EcommerceExpectations.assertAllThree(Importers.live(connection(new Authentication.Bearer("t")))
                .importDags(DagFilter.ALL));
        airflow3.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/dags/customer_segments/details")));
    }

    @Test
    void aDagTheUserMayNotReadIsReportedAsForbiddenAndTheOthersAreImported() {
        AirflowFixture.serveV2(airflow3, 2);
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/customer_segments/details")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(AirflowFixture.text("v2/errors/403.json"))));

        ImportResult result = Importers.live(connection(new Authentication.Bearer("t"))).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("ecommerce_daily", "ops_maintenance");
        assertThat(result.failures()).containsExactly(new ImportFailure("customer_segments",
                "GET /api/v2/dags/customer_segments/details",
                "GET /api/v2/dags/customer_segments/details failed with HTTP 403: Forbidden"));
        airflow3.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/dags/customer_segments/details")));
    }

    @Test
    void aFieldOfAnUnexpectedTypeNamesThePathOfTheField() {
        AirflowFixture.serveV2(airflow3, 2);
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/ecommerce_daily/details")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(AirflowFixture.text(
                        "v2/dags/ecommerce_daily/details.json").replace("\"catchup\": true", "\"catchup\": {\"yes\": 1}"))));

        ImportResult result = Importers.live(connection(new Authentication.Bearer("t"))).importDags(DagFilter.ALL);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dagId()).isEqualTo("ecommerce_daily");
            assertThat(f.reason()).startsWith("GET /api/v2/dags/ecommerce_daily/details answered a document that does"
                    + " not fit the spec, at catchup: ");
        });
    }

    @Test
    void reimportingTellsChangedUnchangedAndFailedDagsApartIgnoringPausedStateAndFileLocation() {
        AirflowFixture.serveV2(airflow3, 2);
        AirflowImporter importer = Importers.live(connection(new Authentication.Bearer("t")));
        ImportResult first = importer.importDags(DagFilter.ALL);
        // the gateway paused ecommerce_daily and the deployment moved its file; ops_maintenance's report task
        // gained a retry; customer_segments cannot be read this time
        AirflowFixture.serve(airflow3, "/api/v2/dags/ecommerce_daily/details", AirflowFixture.text(
                "v2/dags/ecommerce_daily/details.json").replace("\"is_paused\": false", "\"is_paused\": true")
                .replace("/opt/airflow/dags/ecommerce_daily.py", "/opt/airflow/dags/shop/ecommerce_daily.py"));
        AirflowFixture.serve(airflow3, "/api/v2/dags/ops_maintenance/tasks", AirflowFixture.text(
                "v2/dags/ops_maintenance/tasks.json").replaceFirst("\"retries\": 2.0", "\"retries\": 3.0"));
        airflow3.stubFor(get(urlPathEqualTo("/api/v2/dags/customer_segments/details")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"detail\": \"The Dag with ID: `customer_segments` was not found\"}")));

        ImportResult second = importer.importDags(DagFilter.ALL);
        ImportComparison comparison = ImportComparison.compare(ImportBaseline.of(first), second);

        assertThat(second.dag("ecommerce_daily").orElseThrow().paused()).isTrue();
        assertThat(comparison.summary()).isEqualTo("0 new, 1 changed, 1 unchanged, 0 removed, 1 failed");
        assertThat(comparison.dag("ecommerce_daily").orElseThrow().kind()).isEqualTo(DagChange.Kind.UNCHANGED);
        assertThat(comparison.dag("ops_maintenance").orElseThrow()).isInstanceOfSatisfying(DagChange.Changed.class, c ->
                assertThat(c.tasks()).containsExactly(new TaskChange("report", TaskChange.Kind.MODIFIED, Set.of(TaskAspect.EXECUTION))));
        assertThat(comparison.dag("customer_segments").orElseThrow()).isInstanceOfSatisfying(DagChange.Failed.class, f -> {
            assertThat(f.where()).isEqualTo("GET /api/v2/dags/customer_segments/details");
            assertThat(f.previousHash()).isPresent();
        });
        assertThat(comparison.nextBaseline().dags()).containsOnlyKeys(AirflowFixture.DAG_IDS);
    }

    @Test
    void anUnknownDagRunStateFailsOnlyItsDagNamingTheFieldAndTheValue() {
        AirflowFixture.serveV2(airflow3, 2);
        com.fasterxml.jackson.databind.JsonNode runs = AirflowFixture.json("v2/dags/ecommerce_daily/dagRuns.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) runs.get("dag_runs").get(2)).put("state", "exploded");
        AirflowFixture.paged(airflow3, "/api/v2/dags/ecommerce_daily/dagRuns", runs, "dag_runs", 2);

        ImportResult result = Importers.live(connection(new Authentication.Bearer("t"))).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ops_maintenance");
        EcommerceExpectations.assertOpsMaintenance(result.dag("ops_maintenance").orElseThrow());
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dagId()).isEqualTo("ecommerce_daily");
            assertThat(f.where()).isEqualTo("GET /api/v2/dags/ecommerce_daily/dagRuns");
            // the third run is on the second page (pages of 2): index 0 of that answer
            assertThat(f.reason()).startsWith("GET /api/v2/dags/ecommerce_daily/dagRuns answered a document that does"
                    + " not fit the spec, at dag_runs[0].state: ").contains("'exploded'");
        });
    }
}
