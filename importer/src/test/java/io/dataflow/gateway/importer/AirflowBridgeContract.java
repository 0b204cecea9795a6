package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DagRun;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.importer.bridge.EventQuery;
import io.dataflow.gateway.importer.bridge.RunRequest;
import io.dataflow.gateway.importer.bridge.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AirflowBridge} must do, against WireMock answering with documents shaped like the
 * version's spec (the fixtures of {@code src/test/resources/airflow/{v1,v2}}). One subclass per generation.
 */
abstract class AirflowBridgeContract {

    static final String DAG = "ecommerce_daily";
    static final String RUN_ID = "gateway__cutover_1";
    static final String URI = EcommerceExpectations.DAILY_URI;
    static final Instant LOGICAL = Instant.parse("2024-01-14T00:00:00Z");
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    WireMockServer airflow;

    /** The generation under test. */
    abstract AirflowVersion version();

    /** {@code v1} or {@code v2}: the fixtures' folder, also the API's path segment. */
    final String api() {
        return version().api();
    }

    abstract Authentication authentication();

    /** The dataset/asset collection path and its events path. */
    abstract String catalogPath();

    abstract String eventsPath();

    /** The body a created event must be sent with, for {@link #URI} and the extra {@code {"rows": 1042, "source": "gateway"}}. */
    abstract String createEventBody();

    /** The query parameter naming the dataset/asset whose events are listed. */
    abstract String eventsFilterParameter();

    /** The body of a trigger without run id, logical date or conf. */
    abstract String anonymousTriggerBody();

    /** Errors come as problem JSON (Airflow 2) or FastAPI's {@code {"detail": …}} (Airflow 3). */
    abstract String errorContentType();

    /** What the 404 fixture makes Airflow say. */
    abstract String notFoundExplanation();

    @BeforeEach
    void start() {
        airflow = new WireMockServer(wireMockConfig().dynamicPort());
        airflow.start();
    }

    @AfterEach
    void stop() {
        airflow.stop();
    }

    AirflowBridge bridge() {
        return Bridges.live(AirflowConnection.of(AirflowFixture.base(airflow), version(), authentication())
                .withRetry(FAST).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).withLimits(2, 100, 5));
    }

    String path(String rest) {
        return "/api/" + api() + rest;
    }

    ResponseDefinitionBuilder error(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", errorContentType())
                .withBody(AirflowFixture.text(api() + "/errors/" + status + ".json"));
    }

    /** The fixture's DAG document with the paused flag as given. */
    String dagDocument(boolean paused) {
        for (JsonNode dag : AirflowFixture.json(api() + "/dags.json").get("dags")) {
            if (dag.get("dag_id").asText().equals(DAG)) {
                return ((ObjectNode) dag.deepCopy()).put("is_paused", paused).toString();
            }
        }
        throw new IllegalStateException("no " + DAG + " in the fixtures");
    }

    /** A run document shaped like the fixture's runs, as a just-triggered manual run in the given state. */
    String runDocument(String runId, String state) {
        ObjectNode run = (ObjectNode) AirflowFixture.json(api() + "/dags/" + DAG + "/dagRuns.json").get("dag_runs").get(0).deepCopy();
        run.put("dag_run_id", runId).put("state", state).put("run_type", "manual")
                .put("logical_date", LOGICAL.toString().replace("Z", "+00:00"))
                .putNull("end_date");
        if (run.has("execution_date")) {
            run.put("execution_date", LOGICAL.toString().replace("Z", "+00:00"));
        }
        if ("queued".equals(state)) {
            run.putNull("start_date");
        }
        return run.toString();
    }

    private void stubRun(String state, String scenarioState, String next) {
        ScenarioMappingBuilder stub = get(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))).inScenario("run")
                .whenScenarioStateIs(scenarioState);
        if (next != null) {
            stub = stub.willSetStateTo(next);
        }
        airflow.stubFor(stub.willReturn(okJson(runDocument(RUN_ID, state))));
    }

    // ---- pause and unpause

    @Test
    void pausingSendsOnlyIsPausedWithItsUpdateMask() {
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).willReturn(okJson(dagDocument(true))));

        bridge().pause(DAG);

        airflow.verify(1, patchRequestedFor(urlPathEqualTo(path("/dags/" + DAG)))
                .withQueryParam("update_mask", equalTo("is_paused"))
                .withRequestBody(equalToJson("{\"is_paused\": true}", false, false)));
    }

    @Test
    void unpausingThatAirflowDoesNotApplyIsAnError() {
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).willReturn(okJson(dagDocument(true))));

        assertThatThrownBy(() -> bridge().unpause(DAG))
                .isInstanceOf(AirflowException.class)
                .hasMessage("PATCH /api/" + api() + "/dags/" + DAG + " answered is_paused=true after setting it to false");
        airflow.verify(patchRequestedFor(urlPathEqualTo(path("/dags/" + DAG)))
                .withRequestBody(equalToJson("{\"is_paused\": false}", false, false)));
    }

    @Test
    void pausingAnUnknownDagFailsWithAirflows404() {
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).willReturn(error(404)));

        assertThatThrownBy(() -> bridge().pause(DAG))
                .isInstanceOf(AirflowException.class)
                .hasMessage("PATCH /api/" + api() + "/dags/" + DAG + " failed with HTTP 404: " + notFoundExplanation())
                .satisfies(e -> assertThat(((AirflowException) e).status()).hasValue(404));
    }

    @Test
    void pausingWithoutPermissionFailsWith403AndIsNotRetried() {
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).willReturn(error(403)));

        assertThatThrownBy(() -> bridge().pause(DAG))
                .hasMessage("PATCH /api/" + api() + "/dags/" + DAG + " failed with HTTP 403: Forbidden");
        airflow.verify(1, patchRequestedFor(urlPathEqualTo(path("/dags/" + DAG))));
    }

    @Test
    void pausingIsRetriedAfterAServerError() {
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        airflow.stubFor(patch(urlPathEqualTo(path("/dags/" + DAG))).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson(dagDocument(true))));

        bridge().pause(DAG);

        airflow.verify(2, patchRequestedFor(urlPathEqualTo(path("/dags/" + DAG))));
    }

    // ---- dataset/asset events

    private void serveCatalogAndEvents() {
        AirflowFixture.paged(airflow, catalogPath(), AirflowFixture.json(api() + (api().equals("v1") ? "/datasets.json" : "/assets.json")),
                api().equals("v1") ? "datasets" : "assets", 100);
        JsonNode events = AirflowFixture.json(api() + "/bridge/" + (api().equals("v1") ? "datasetEvents.json" : "assetEvents.json"));
        airflow.stubFor(get(urlPathEqualTo(eventsPath())).atPriority(5).willReturn(okJson(events.toString())));
        // Airflow 3 filters by time itself: the later event only
        ObjectNode later = events.deepCopy();
        String key = api().equals("v1") ? "dataset_events" : "asset_events";
        ArrayNode items = later.putArray(key);
        items.add(events.get(key).get(1));
        later.put("total_entries", 1);
        airflow.stubFor(get(urlPathEqualTo(eventsPath())).atPriority(1)
                .withQueryParam("timestamp_gt", matching(".+")).willReturn(okJson(later.toString())));
    }

    @Test
    void eventsOfADatasetAreListedByItsIdOldestFirst() {
        serveCatalogAndEvents();

        List<DatasetEvent> events = bridge().events(EventQuery.of(URI));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).satisfies(e -> {
            assertThat(e.uri()).isEqualTo(URI);
            assertThat(e.sourceDagId()).contains(DAG);
            assertThat(e.sourceTaskId()).contains("daily_customer_totals");
            assertThat(e.sourceRunId()).contains("scheduled__2024-01-11T00:00:00+00:00");
            assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-01-12T00:15:01.250Z"));
            assertThat(e.triggeredRuns()).singleElement().satisfies(r -> {
                assertThat(r.dagId()).isEqualTo("customer_segments");
                assertThat(r.runId()).endsWith("_triggered__2024-01-12T00:15:03+00:00");
            });
        });
        assertThat(events.get(1).extra()).containsExactly(Map.entry("rows", "1042"), Map.entry("source", "\"gateway\""));
        assertThat(events.get(1).sourceDagId()).isEmpty();
        airflow.verify(getRequestedFor(urlPathEqualTo(eventsPath())).withQueryParam(eventsFilterParameter(), equalTo("1"))
                .withQueryParam("order_by", equalTo("timestamp")));
    }

    @Test
    void eventsAfterAnInstantAreTheLaterOnesOnly() {
        serveCatalogAndEvents();

        List<DatasetEvent> events = bridge().events(new EventQuery(Optional.empty(), Optional.empty(),
                Optional.of(Instant.parse("2024-01-12T12:00:00Z"))));

        assertThat(events).extracting(DatasetEvent::timestamp).containsExactly(Instant.parse("2024-01-13T00:03:16Z"));
    }

    @Test
    void eventsOfAUriAirflowDoesNotKnowAreAnErrorNamingIt() {
        serveCatalogAndEvents();

        assertThatThrownBy(() -> bridge().events(EventQuery.of("s3://nowhere/x")))
                .isInstanceOf(AirflowException.class)
                .hasMessageEndingWith(" with URI 's3://nowhere/x'");
    }

    @Test
    void aCreatedEventIsSentAsTheSpecSaysAndReturned() {
        serveCatalogAndEvents();
        airflow.stubFor(post(urlPathEqualTo(eventsPath())).willReturn(okJson(AirflowFixture.text(
                api() + "/bridge/" + (api().equals("v1") ? "datasetEvent.json" : "assetEvent.json")))));

        DatasetEvent created = bridge().createEvent(URI, Map.of("rows", 1042, "source", "gateway"));

        assertThat(created.uri()).isEqualTo(URI);
        assertThat(created.extra()).containsEntry("from_rest_api", "true").containsEntry("rows", "1042");
        assertThat(created.timestamp()).isEqualTo(Instant.parse("2024-01-14T06:00:00.123456Z"));
        airflow.verify(1, postRequestedFor(urlPathEqualTo(eventsPath()))
                .withRequestBody(equalToJson(createEventBody(), false, false)));
    }

    @Test
    void creatingAnEventIsNeverRetriedAfterAServerErrorSinceItMayHaveBeenRecorded() {
        serveCatalogAndEvents();
        airflow.stubFor(post(urlPathEqualTo(eventsPath())).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> bridge().createEvent(URI, Map.of()))
                .isInstanceOf(AirflowException.class)
                .hasMessageStartingWith("POST " + eventsPath() + " failed with HTTP 503");
        airflow.verify(1, postRequestedFor(urlPathEqualTo(eventsPath())));
    }

    @Test
    void creatingAnEventIsRetriedAfterA429WhichProvesItWasNotRecorded() {
        serveCatalogAndEvents();
        airflow.stubFor(post(urlPathEqualTo(eventsPath())).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("free"));
        airflow.stubFor(post(urlPathEqualTo(eventsPath())).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(AirflowFixture.text(api() + "/bridge/" + (api().equals("v1") ? "datasetEvent.json" : "assetEvent.json")))));

        assertThat(bridge().createEvent(URI, Map.of()).uri()).isEqualTo(URI);
        airflow.verify(2, postRequestedFor(urlPathEqualTo(eventsPath())));
    }

    // ---- trigger and poll

    @Test
    void aTriggeredRunIsPolledUntilItEnds() {
        airflow.stubFor(post(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns"))).willReturn(okJson(runDocument(RUN_ID, "queued"))));
        stubRun("running", Scenario.STARTED, "second");
        stubRun("running", "second", "third");
        stubRun("success", "third", null);
        AirflowBridge bridge = bridge();

        DagRun triggered = bridge.trigger(DAG, RunRequest.withRunId(RUN_ID, Optional.of(LOGICAL), Map.of("source", "gateway")));
        DagRun ended = bridge.await(DAG, RUN_ID, Duration.ofSeconds(10), Duration.ofMillis(10));

        assertThat(triggered).isEqualTo(new DagRun(DAG, RUN_ID, RunState.QUEUED, Optional.of(LOGICAL), Optional.empty(), Optional.empty()));
        assertThat(ended.state()).isEqualTo(RunState.SUCCESS);
        airflow.verify(1, postRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns")))
                .withRequestBody(equalToJson("{\"dag_run_id\": \"" + RUN_ID + "\", \"logical_date\": \"2024-01-14T00:00:00Z\","
                        + " \"conf\": {\"source\": \"gateway\"}}", false, false)));
        airflow.verify(3, getRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))));
    }

    @Test
    void waitingGivesUpAfterTheTimeoutWithTheLastStateSeen() {
        stubRun("running", Scenario.STARTED, null);

        DagRun run = bridge().await(DAG, RUN_ID, Duration.ofMillis(150), Duration.ofMillis(20));

        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(run.state().isTerminal()).isFalse();
    }

    @Test
    void aTriggerWithoutRunIdLetsAirflowNameTheRun() {
        airflow.stubFor(post(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns")))
                .willReturn(okJson(runDocument("manual__2024-01-14T00:00:00+00:00", "queued"))));

        DagRun run = bridge().trigger(DAG, RunRequest.namedByAirflow());

        assertThat(run.runId()).isEqualTo("manual__2024-01-14T00:00:00+00:00");
        airflow.verify(postRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns")))
                .withRequestBody(equalToJson(anonymousTriggerBody(), false, false)));
    }

    @Test
    void aTriggerWithoutRunIdIsNeverRetriedAfterATimeout() {
        airflow.stubFor(post(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns")))
                .willReturn(okJson(runDocument("manual__x", "queued")).withFixedDelay(900)));
        AirflowBridge impatient = Bridges.live(AirflowConnection.of(AirflowFixture.base(airflow), version(), authentication())
                .withRetry(FAST).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));

        assertThatThrownBy(() -> impatient.trigger(DAG, RunRequest.namedByAirflow()))
                .isInstanceOf(AirflowException.class)
                .hasMessage("POST /api/" + api() + "/dags/" + DAG + "/dagRuns timed out");
        airflow.verify(1, postRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns"))));
    }

    @Test
    void aTriggerWithRunIdThatTimedOutIsRetriedAndA409ReadsBackTheRunItCreated() {
        String trigger = path("/dags/" + DAG + "/dagRuns");
        airflow.stubFor(post(urlPathEqualTo(trigger)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(runDocument(RUN_ID, "queued")).withFixedDelay(900)).willSetStateTo("created"));
        airflow.stubFor(post(urlPathEqualTo(trigger)).inScenario("slow").whenScenarioStateIs("created").willReturn(error(409)));
        airflow.stubFor(get(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))).willReturn(okJson(runDocument(RUN_ID, "running"))));
        AirflowBridge impatient = Bridges.live(AirflowConnection.of(AirflowFixture.base(airflow), version(), authentication())
                .withRetry(FAST).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));

        DagRun run = impatient.trigger(DAG, RunRequest.withRunId(RUN_ID, Optional.of(LOGICAL), Map.of()));

        assertThat(run.runId()).isEqualTo(RUN_ID);
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        airflow.verify(2, postRequestedFor(urlPathEqualTo(trigger)));
        airflow.verify(1, getRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))));
    }

    @Test
    void aRunIdAlreadyInUseFailsWith409WithoutReadingAnything() {
        airflow.stubFor(post(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns"))).willReturn(error(409)));

        assertThatThrownBy(() -> bridge().trigger(DAG, RunRequest.withRunId(RUN_ID, Optional.empty(), Map.of())))
                .isInstanceOf(AirflowException.class)
                .hasMessageStartingWith("POST /api/" + api() + "/dags/" + DAG + "/dagRuns failed with HTTP 409: ")
                .satisfies(e -> assertThat(((AirflowException) e).status()).hasValue(409));
        airflow.verify(1, postRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns"))));
        airflow.verify(0, getRequestedFor(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))));
    }

    @Test
    void triggeringAnUnknownDagOrWithoutPermissionFailsWithAirflowsStatus() {
        airflow.stubFor(post(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns"))).willReturn(error(404)));
        airflow.stubFor(get(urlPathEqualTo(path("/dags/" + DAG + "/dagRuns/" + RUN_ID))).willReturn(error(403)));
        AirflowBridge bridge = bridge();

        assertThatThrownBy(() -> bridge.trigger(DAG, RunRequest.withRunId(RUN_ID, Optional.empty(), Map.of())))
                .hasMessage("POST /api/" + api() + "/dags/" + DAG + "/dagRuns failed with HTTP 404: " + notFoundExplanation());
        assertThatThrownBy(() -> bridge.run(DAG, RUN_ID))
                .hasMessage("GET /api/" + api() + "/dags/" + DAG + "/dagRuns/" + RUN_ID + " failed with HTTP 403: Forbidden");
    }
}
