package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.dataflow.gateway.importer.bridge.EventQuery;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bridge contract against Airflow 3 ({@code /api/v2}, token flow, assets addressed by id). */
class AirflowV2BridgeTest extends AirflowBridgeContract {

    @Override
    AirflowVersion version() {
        return AirflowVersion.AIRFLOW_3;
    }

    @Override
    Authentication authentication() {
        return new Authentication.Bearer(AirflowFixture.TOKEN);
    }

    @Override
    String catalogPath() {
        return "/api/v2/assets";
    }

    @Override
    String eventsPath() {
        return "/api/v2/assets/events";
    }

    @Override
    String createEventBody() {
        return "{\"asset_id\": 1, \"extra\": {\"rows\": 1042, \"source\": \"gateway\"}}";
    }

    @Override
    String eventsFilterParameter() {
        return "asset_id";
    }

    @Override
    String anonymousTriggerBody() {
        // logical_date is required and nullable in TriggerDAGRunPostBody
        return "{\"logical_date\": null, \"conf\": {}}";
    }

    @Override
    String errorContentType() {
        return "application/json";
    }

    @Override
    String notFoundExplanation() {
        return "The Dag with ID: `ecommerce_daily` was not found";
    }

    @Test
    void airflow3FiltersEventsByTimeOnTheServer() {
        eventsAfterAnInstantAreTheLaterOnesOnly();

        airflow.verify(getRequestedFor(urlPathEqualTo(eventsPath()))
                .withQueryParam("timestamp_gt", matching("2024-01-12T12:00Z|2024-01-12T12:00:00Z")));
    }
}
