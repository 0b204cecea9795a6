package io.dataflow.gateway.importer;

/** The bridge contract against Airflow 2 ({@code /api/v1}, basic auth, datasets). */
class AirflowV1BridgeTest extends AirflowBridgeContract {

    @Override
    AirflowVersion version() {
        return AirflowVersion.AIRFLOW_2;
    }

    @Override
    Authentication authentication() {
        return new Authentication.Basic("admin", "s3cret");
    }

    @Override
    String catalogPath() {
        return "/api/v1/datasets";
    }

    @Override
    String eventsPath() {
        return "/api/v1/datasets/events";
    }

    @Override
    String createEventBody() {
        return "{\"dataset_uri\": \"" + URI + "\", \"extra\": {\"rows\": 1042, \"source\": \"gateway\"}}";
    }

    @Override
    String eventsFilterParameter() {
        return "dataset_id";
    }

    @Override
    String anonymousTriggerBody() {
        return "{\"conf\": {}}";
    }

    @Override
    String errorContentType() {
        return "application/problem+json";
    }

    @Override
    String notFoundExplanation() {
        return "DAG not found: DAG with dag_id: 'ecommerce_daily' not found";
    }
}
