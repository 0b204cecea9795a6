package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.server.cli.AirflowStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports through the REST API from a live Airflow (WireMock serving the Airflow 2 API), with the
 * DAG's tasks then shown with their annotation and translation status, and the errors a user meets.
 */
class DagImportIT {

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;

  @BeforeAll
  static void setUp() {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    AirflowStub.serveV1(airflow, "ecommerce_daily");
  }

  @AfterAll
  static void tearDown() {
    airflow.stop();
  }

  @Test
  void aLiveAirflowIsImportedAndEachTaskShowsWhatTheGatewayUnderstood() {
    ApiHttp.Answer imported = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");

    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);
    assertThat(imported.json().path("source").asText()).isEqualTo("Airflow 2 at " + airflow.baseUrl());
    JsonNode result = imported.json().path("dags").get(0);
    assertThat(result.path("dagId").asText()).isEqualTo("ecommerce_daily");
    assertThat(result.path("outcome").asText()).isIn("new", "unchanged");
    // other test classes of the shared gateway import DAGs of their own, which this Airflow does not list
    assertThat(api.get("/api/v1/imports/" + imported.json().path("id").asText(), SharedGateway.ADMIN_TOKEN).json().path("dags")
        .findValuesAsText("dagId")).containsOnlyOnce("ecommerce_daily");

    JsonNode dag = api.get("/api/v1/dags/ecommerce_daily", SharedGateway.ADMIN_TOKEN).json();
    JsonNode weekly = task(dag, "weekly_customer_totals");
    assertThat(weekly.path("translation").asText()).isIn("not_migrated", "translated");
    assertThat(weekly.path("sql").asText()).contains("macros.ds_add(ds, -6)");
    assertThat(weekly.path("annotation").path("inputs").findValuesAsText("table")).containsExactly("analytics.daily_customer_totals");
    assertThat(weekly.path("annotation").path("semantics").asText()).isNotBlank();
    JsonNode notify = task(dag, "notify_finance");
    assertThat(notify.has("sql")).isFalse();
    assertThat(notify.path("sqlOrigin").asText()).contains("runs no SQL");

    JsonNode readiness = api.get("/api/v1/dags/ecommerce_daily/readiness", SharedGateway.ADMIN_TOKEN).json();
    assertThat(readiness.path("tasks")).hasSize(5);
    assertThat(risks(readiness, "HIDDEN_DEPENDENCY", "weekly_customer_totals"))
        .as("the rolling week reads six earlier days the DAG never waits for")
        .anySatisfy(detail -> assertThat(detail).contains("analytics.daily_customer_totals").contains("daily_customer_totals"));
    assertThat(risks(readiness, "SCHEDULE_GUESSES_ARRIVAL", "daily_customer_totals"))
        .anySatisfy(detail -> assertThat(detail).contains("raw.transactions").contains("@daily"));
    assertThat(risks(readiness, "HIDDEN_DEPENDENCY", "daily_customer_totals")).isEmpty();
    ApiHttp.Answer markdown = api.get("/api/v1/dags/ecommerce_daily/readiness?format=markdown", SharedGateway.ADMIN_TOKEN);
    assertThat(markdown.status()).isEqualTo(200);
    assertThat(markdown.response().body()).startsWith("# Readiness of DAG `ecommerce_daily`")
        .contains("| weekly_customer_totals |").contains("### hidden dependency");
  }

  private static java.util.List<String> risks(JsonNode readiness, String kind, String taskId) {
    java.util.List<String> details = new java.util.ArrayList<>();
    for (JsonNode risk : readiness.path("risks")) {
      if (risk.path("kind").asText().equals(kind) && risk.path("taskId").asText().equals(taskId)) {
        details.add(risk.path("detail").asText());
      }
    }
    return details;
  }

  @Test
  void badImportsAreRefusedNamingTheField() {
    assertThat(api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN, "{}").json().path("field").asText()).isEqualTo("snapshot");
    ApiHttp.Answer version = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"4\"}}");
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.json().path("field").asText()).isEqualTo("airflow.version");
    ApiHttp.Answer secret = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\", \"user\": \"admin\","
            + " \"passwordEnv\": \"DATAFLOW_GATEWAY_IT_UNSET_PASSWORD\"}}");
    assertThat(secret.status()).isEqualTo(400);
    assertThat(secret.json().path("detail").asText()).contains("DATAFLOW_GATEWAY_IT_UNSET_PASSWORD").contains("not set");
    ApiHttp.Answer unreachable = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"http://127.0.0.1:" + Ports.free() + "\", \"version\": \"2\"}}");
    assertThat(unreachable.status()).as(unreachable.response().body()).isEqualTo(502);
    assertThat(api.get("/api/v1/dags/no_such_dag", SharedGateway.ADMIN_TOKEN).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/dags/no_such_dag/readiness", SharedGateway.ADMIN_TOKEN).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/dags/no_such_dag/migrate", SharedGateway.ADMIN_TOKEN, "{}").status()).isEqualTo(404);
  }
}
