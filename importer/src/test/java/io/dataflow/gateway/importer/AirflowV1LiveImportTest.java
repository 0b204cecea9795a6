package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Airflow 2 ({@code /api/v1}) stood in for by WireMock serving spec-shaped fixtures. */
class AirflowV1LiveImportTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private WireMockServer airflow;

    @BeforeEach
    void start() {
        airflow = new WireMockServer(wireMockConfig().dynamicPort());
        airflow.start();
    }

    @AfterEach
    void stop() {
        airflow.stop();
    }

    private AirflowConnection connection() {
        return AirflowConnection.of(AirflowFixture.base(airflow), AirflowVersion.AIRFLOW_2,
                        new Authentication.Basic("admin", "s3cret"))
                .withRetry(FAST)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withLimits(2, 2, 5);
    }

    @Test
    void importsEveryDagThroughPagedListsIntoTheNeutralModel() {
        AirflowFixture.serveV1(airflow, 2);

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        EcommerceExpectations.assertAllThree(result);
        // 3 DAGs in pages of 2; 3 runs of ecommerce_daily in pages of 2; 5 task instances per run in pages of 2
        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/dags/ecommerce_daily/dagRuns")));
        airflow.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/dags/ecommerce_daily/dagRuns/"
                + AirflowFixture.segment("scheduled__2024-01-10T00:00:00+00:00") + "/taskInstances")));
        airflow.verify(getRequestedFor(urlPathEqualTo("/api/v1/dags"))
                .withHeader("Authorization", equalTo("Basic YWRtaW46czNjcmV0")));
    }

    @Test
    void pagesThroughTwoHundredFiftyDagsUntilTotalEntries() {
        ObjectNode many = new ObjectMapper().createObjectNode().put("total_entries", 250);
        ArrayNode dags = many.putArray("dags");
        JsonNode template = AirflowFixture.json("v1/dags.json").get("dags").get(0);
        for (int i = 0; i < 250; i++) {
            dags.add(((ObjectNode) template.deepCopy()).put("dag_id", String.format("dag_%03d", i)));
        }
        AirflowFixture.paged(airflow, "/api/v1/dags", many, "dags", 100);
        V1Generation generation = new V1Generation(new V1LiveDocuments(connection()), 100, 5);

        List<String> ids = generation.dagIds(DagFilter.ALL);

        assertThat(ids).hasSize(250).startsWith("dag_000").endsWith("dag_249").doesNotHaveDuplicates();
        airflow.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/dags")).withQueryParam("limit", equalTo("100")));
        airflow.verify(getRequestedFor(urlPathEqualTo("/api/v1/dags")).withQueryParam("offset", equalTo("200")));
    }

    @Test
    void sendsTheDagFiltersToAirflow() {
        AirflowFixture.serveV1(airflow, 2);
        DagFilter filter = new DagFilter(Optional.of("ecommerce"), List.of("finance"), Optional.of(false));

        Importers.live(connection()).importDags(filter);

        airflow.verify(getRequestedFor(urlPathEqualTo("/api/v1/dags"))
                .withQueryParam("dag_id_pattern", equalTo("ecommerce"))
                .withQueryParam("tags", equalTo("finance"))
                .withQueryParam("paused", equalTo("false"))
                .withQueryParam("limit", equalTo("2")));
    }

    @Test
    void refusedCredentialsFailTheImportNamingCallStatusAndAirflowsTitle() {
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody(AirflowFixture.text("v1/errors/401.json"))));

        assertThatThrownBy(() -> Importers.live(connection()).importDags(DagFilter.ALL))
                .isInstanceOf(AirflowException.class)
                .hasMessage("GET /api/v1/dags failed with HTTP 401: Unauthorized")
                .satisfies(e -> assertThat(((AirflowException) e).status()).hasValue(401));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
    }

    @Test
    void aDagThatIsNotFoundIsReportedAndTheOthersAreImported() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ecommerce_daily/details")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/problem+json")
                .withBody(AirflowFixture.text("v1/errors/404.json"))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ops_maintenance");
        assertThat(result.failures()).containsExactly(new ImportFailure("ecommerce_daily",
                "GET /api/v1/dags/ecommerce_daily/details",
                "GET /api/v1/dags/ecommerce_daily/details failed with HTTP 404: DAG not found:"
                        + " DAG with dag_id: 'ecommerce_daily' not found"));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags/ecommerce_daily/details")));
    }

    @Test
    void aServiceUnavailableAnswerIsRetriedUntilAirflowAnswers() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(AirflowFixture.text("v1/errors/503.json")))
                .willSetStateTo("recovered"));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(AirflowFixture.text("v1/dags/ops_maintenance/tasks.json"))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        EcommerceExpectations.assertAllThree(result);
        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")));
    }

    @Test
    void tooManyRequestsIsRetriedHonouringRetryAfter() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/datasets")).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
                .willSetStateTo("free"));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/datasets")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(AirflowFixture.text("v1/datasets.json"))));

        EcommerceExpectations.assertAllThree(Importers.live(connection()).importDags(DagFilter.ALL));
        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/datasets")));
    }

    @Test
    void aClientErrorOtherThan429IsNeverRetried() {
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"limit is not an integer\"}")));

        assertThatThrownBy(() -> Importers.live(connection()).importDags(DagFilter.ALL))
                .hasMessage("GET /api/v1/dags failed with HTTP 400: Bad Request: limit is not an integer");
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsRetriedThenReportedAsATimeout() {
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags")).willReturn(okJson(AirflowFixture.text("v1/dags.json"))
                .withFixedDelay(3_000)));
        AirflowConnection impatient = connection().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));

        assertThatThrownBy(() -> Importers.live(impatient).importDags(DagFilter.ALL))
                .isInstanceOf(AirflowException.class)
                .hasMessage("GET /api/v1/dags timed out after 3 attempts");
        airflow.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
    }

    @Test
    void malformedJsonFailsOnlyTheDagConcerned() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).willReturn(okJson("{\"tasks\": [")));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).hasSize(2);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dagId()).isEqualTo("ops_maintenance");
            assertThat(f.where()).isEqualTo("GET /api/v1/dags/ops_maintenance/tasks");
            assertThat(f.reason()).startsWith("GET /api/v1/dags/ops_maintenance/tasks failed: ");
        });
    }

    @Test
    void aTaskWithAnUnknownTriggerRuleFailsItsDagWithTheReason() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).willReturn(okJson(
                AirflowFixture.text("v1/dags/ops_maintenance/tasks.json").replace("\"all_done\"", "\"when_it_rains\""))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.failures()).singleElement().satisfies(f ->
                assertThat(f.reason()).contains("when_it_rains"));
    }

    @Test
    void aTaskNamingAMissingDownstreamTaskFailsItsDagNamingDagAndTask() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).willReturn(okJson(
                AirflowFixture.text("v1/dags/ops_maintenance/tasks.json")
                        .replaceAll("(\"downstream_task_ids\": \\[\\s*)\"report\"", "$1\"reprot\""))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.failures()).containsExactly(new ImportFailure("ops_maintenance", "dag",
                "Invalid DAG 'ops_maintenance': task 'vacuum_logs' lists downstream task 'reprot',"
                        + " which is not a task of the DAG"));
    }

    @Test
    void aForbiddenAnswerFailsTheImportAtOnceNamingTheCall() {
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json").withBody(AirflowFixture.text("v1/errors/403.json"))));

        assertThatThrownBy(() -> Importers.live(connection()).importDags(DagFilter.ALL))
                .isInstanceOf(AirflowException.class)
                .hasMessage("GET /api/v1/dags failed with HTTP 403: Forbidden")
                .satisfies(e -> assertThat(((AirflowException) e).status()).hasValue(403));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
    }

    @Test
    void aFieldOfAnUnexpectedTypeFailsOnlyItsDagNamingThePathOfTheField() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).willReturn(okJson(
                AirflowFixture.text("v1/dags/ops_maintenance/tasks.json").replaceFirst("\"retries\": 2.0", "\"retries\": \"two\""))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ecommerce_daily");
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.where()).isEqualTo("GET /api/v1/dags/ops_maintenance/tasks");
            assertThat(f.reason()).startsWith("GET /api/v1/dags/ops_maintenance/tasks answered a document that does not"
                    + " fit the spec, at tasks[0].retries: ").contains("\"two\"");
        });
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")));
    }

    @Test
    void aDagWhoseTasksTheUserMayNotReadIsReportedAsForbiddenAndTheOthersAreImported() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ecommerce_daily/tasks")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/problem+json")
                .withBody(AirflowFixture.text("v1/errors/403.json"))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ops_maintenance");
        EcommerceExpectations.assertOpsMaintenance(result.dag("ops_maintenance").orElseThrow());
        EcommerceExpectations.assertCustomerSegments(result.dag("customer_segments").orElseThrow());
        assertThat(result.failures()).containsExactly(new ImportFailure("ecommerce_daily",
                "GET /api/v1/dags/ecommerce_daily/tasks",
                "GET /api/v1/dags/ecommerce_daily/tasks failed with HTTP 403: Forbidden"));
        // a refusal is an answer, not a transient failure: never retried
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags/ecommerce_daily/tasks")));
    }

    @Test
    void anUnknownWeightRuleFailsOnlyItsDagNamingTheFieldAndTheValue() {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks")).willReturn(okJson(
                AirflowFixture.text("v1/dags/ops_maintenance/tasks.json")
                        .replaceFirst("\"weight_rule\": \"downstream\"", "\"weight_rule\": \"sideways\""))));

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ecommerce_daily");
        EcommerceExpectations.assertEcommerceDaily(result.dag("ecommerce_daily").orElseThrow());
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dagId()).isEqualTo("ops_maintenance");
            assertThat(f.where()).isEqualTo("GET /api/v1/dags/ops_maintenance/tasks");
            assertThat(f.reason()).startsWith("GET /api/v1/dags/ops_maintenance/tasks answered a document that does"
                    + " not fit the spec, at tasks[0].weight_rule: ").contains("'sideways'");
        });
    }

    @Test
    void anUnknownDagRunStateFailsOnlyItsDagNamingTheFieldAndTheValue() {
        AirflowFixture.serveV1(airflow, 2);
        JsonNode runs = AirflowFixture.json("v1/dags/ecommerce_daily/dagRuns.json");
        ((ObjectNode) runs.get("dag_runs").get(1)).put("state", "exploded");
        AirflowFixture.paged(airflow, "/api/v1/dags/ecommerce_daily/dagRuns", runs, "dag_runs", 2);

        ImportResult result = Importers.live(connection()).importDags(DagFilter.ALL);

        assertThat(result.dags()).extracting(d -> d.dagId()).containsExactly("customer_segments", "ops_maintenance");
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dagId()).isEqualTo("ecommerce_daily");
            assertThat(f.where()).isEqualTo("GET /api/v1/dags/ecommerce_daily/dagRuns");
            assertThat(f.reason()).startsWith("GET /api/v1/dags/ecommerce_daily/dagRuns answered a document that does"
                    + " not fit the spec, at dag_runs[1].state: ").contains("'exploded'");
        });
    }
}
