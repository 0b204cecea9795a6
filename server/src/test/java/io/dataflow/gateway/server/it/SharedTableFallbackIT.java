package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task that stays out of the dataflow but writes a table the dataflow takes over is not handed to
 * the fallback at cut-over: the table would have two producers. The e-commerce DAG gets two
 * BashOperator tasks: {@code fix_late_refunds}, whose outlet is the daily totals table the dataflow
 * computes after the cut-over, and {@code archive_exports}, which writes nothing of the gateway's.
 */
class SharedTableFallbackIT {

  private static final String DAG = "ecommerce_shared";
  private static final String DAG_PATH = "/api/v1/dags/" + DAG;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    EcommerceAirflow dag = new EcommerceAirflow(airflow, DAG, "shared_");
    JsonNode bash = bashTask();
    dag.serve(tasks -> {
      tasks.add(((ObjectNode) bash.deepCopy()).put("task_id", "fix_late_refunds").put("task_display_name", "fix_late_refunds"));
      tasks.add(((ObjectNode) bash.deepCopy()).put("task_id", "archive_exports").put("task_display_name", "archive_exports"));
    }, source -> source
        .replace("from airflow.operators.python import", "from airflow.operators.bash import BashOperator\nfrom airflow.operators.python import")
        .replace("    notify_finance = PythonOperator(", String.join("\n",
            "    fix_late_refunds = BashOperator(task_id=\"fix_late_refunds\", bash_command=\"/opt/jobs/fix_late_refunds.sh {{ ds }}\",",
            "                                    outlets=[Dataset(\"trino://trino:8080/iceberg/shared_analytics/daily_customer_totals\")])",
            "    archive_exports = BashOperator(task_id=\"archive_exports\", bash_command=\"echo archived {{ ds }}\")",
            "",
            "    notify_finance = PythonOperator(")));
    // Airflow lists the daily totals dataset with both its producers
    ObjectNode datasets = (ObjectNode) JSON.readTree(dag.renamed(EcommerceAirflow.text("v1/datasets.json")));
    ObjectNode producer = (ObjectNode) datasets.path("datasets").get(0).path("producing_tasks").get(0);
    ((ArrayNode) datasets.path("datasets").get(0).path("producing_tasks"))
        .add(producer.deepCopy().put("task_id", "fix_late_refunds"));
    dag.paged("/api/v1/datasets", datasets.toString());
    gateway.trinoExecute(dag.tables());
  }

  @AfterAll
  static void tearDown() {
    if (api != null) {
      api.post(DAG_PATH + "/rollback", SharedGateway.ADMIN_TOKEN, "{}");
    }
    if (airflow != null) {
      airflow.stop();
    }
  }

  @Test
  void aTaskWritingATableTheDataflowTakesOverStaysOutOfTheFallbackWithTheReason() {
    ApiHttp.Answer imported = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);

    ApiHttp.Answer answer = api.post(DAG_PATH + "/cutover", SharedGateway.ADMIN_TOKEN, "{\"force\": true}");

    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    JsonNode fix = find(answer.json().path("untranslated"), "fix_late_refunds");
    assertThat(fix.path("runsNow").asText()).as(fix.toString())
        .contains("it writes shared_analytics.daily_customer_totals, which the dataflow now produces: a table has one producer");
    assertThat(gateway.fallback().job(new FallbackJobKey(DAG, "fix_late_refunds"))).isEmpty();
    assertThat(find(answer.json().path("untranslated"), "archive_exports").path("runsNow").asText()).startsWith("the gateway's Quartz fallback");
    assertThat(gateway.fallback().job(new FallbackJobKey(DAG, "archive_exports"))).isPresent();
  }

  /** The BashOperator task of the housekeeping fixture, without its downstream tasks. */
  private static JsonNode bashTask() throws Exception {
    for (JsonNode task : JSON.readTree(EcommerceAirflow.text("v1/dags/ops_maintenance/tasks.json")).path("tasks")) {
      if (task.path("task_id").asText().equals("vacuum_logs")) {
        ObjectNode copy = task.deepCopy();
        copy.putArray("downstream_task_ids");
        return copy;
      }
    }
    throw new AssertionError("No BashOperator task in the ops_maintenance fixture");
  }
}
