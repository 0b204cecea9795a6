package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The e-commerce DAG of the Airflow 2 fixtures ({@code src/test/resources/airflow/v1}) served by a
 * WireMock Airflow under another DAG id and other schemas, so that an integration test has its own
 * copy of the DAG and its tables: the listing, details, tasks, source, runs and task instances the
 * importer reads, and the pause and unpause of the DAG.
 */
final class EcommerceAirflow {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v1";

  private final WireMockServer airflow;
  private final String dagId;
  private final String schemaPrefix;
  private ObjectNode entry;

  /**
   * @param dagId the DAG's id in place of {@code ecommerce_daily}
   * @param schemaPrefix prefixed to the schemas {@code raw} and {@code analytics} the DAG's SQL names
   */
  EcommerceAirflow(WireMockServer airflow, String dagId, String schemaPrefix) {
    this.airflow = airflow;
    this.dagId = dagId;
    this.schemaPrefix = schemaPrefix;
  }

  String rawSchema() {
    return schemaPrefix + "raw";
  }

  String analyticsSchema() {
    return schemaPrefix + "analytics";
  }

  /** Stubs every endpoint the importer reads for the DAG, and the pause and unpause of the DAG. */
  void serve() throws IOException {
    serve(tasks -> {}, source -> source);
  }

  /**
   * Stubs every endpoint the importer reads for the DAG, with its task listing and the content of its
   * file changed first, and the pause and unpause of the DAG.
   */
  void serve(java.util.function.Consumer<ArrayNode> tasks, java.util.function.UnaryOperator<String> source) throws IOException {
    JsonNode all = JSON.readTree(renamed(text("v1/dags.json")));
    ArrayNode dags = JSON.createArrayNode();
    all.get("dags").forEach(d -> {
      if (d.get("dag_id").asText().equals(dagId)) {
        dags.add(d);
      }
    });
    entry = (ObjectNode) dags.get(0);
    ObjectNode listing = JSON.createObjectNode();
    listing.set("dags", dags);
    listing.put("total_entries", 1);
    paged(API + "/dags", listing.toString());
    paged(API + "/datasets", renamed(text("v1/datasets.json")));
    String dir = "v1/dags/ecommerce_daily";
    airflow.stubFor(get(urlPathEqualTo(API + "/dags/" + dagId + "/details")).willReturn(okJson(renamed(text(dir + "/details.json")))));
    ObjectNode taskListing = (ObjectNode) JSON.readTree(renamed(text(dir + "/tasks.json")));
    ArrayNode taskList = (ArrayNode) taskListing.get("tasks");
    tasks.accept(taskList);
    taskListing.put("total_entries", taskList.size());
    airflow.stubFor(get(urlPathEqualTo(API + "/dags/" + dagId + "/tasks")).willReturn(okJson(taskListing.toString())));
    String token = entry.get("file_token").asText();
    ObjectNode file = (ObjectNode) JSON.readTree(renamed(text("v1/dagSources/" + token + ".json")));
    file.put("content", source.apply(file.get("content").asText()));
    airflow.stubFor(get(urlPathEqualTo(API + "/dagSources/" + token)).willReturn(okJson(file.toString())));
    JsonNode runs = JSON.readTree(renamed(text(dir + "/dagRuns.json")));
    paged(API + "/dags/" + dagId + "/dagRuns", runs.toString());
    for (JsonNode run : runs.get("dag_runs")) {
      String runId = run.get("dag_run_id").asText();
      paged(API + "/dags/" + dagId + "/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20") + "/taskInstances",
          renamed(text(dir + "/taskInstances/" + runId + ".json")));
    }
    for (boolean paused : new boolean[] {true, false}) {
      airflow.stubFor(patch(urlPathEqualTo(API + "/dags/" + dagId)).withQueryParam("update_mask", equalTo("is_paused"))
          .withRequestBody(equalToJson("{\"is_paused\": " + paused + "}"))
          .willReturn(okJson(entry.deepCopy().put("is_paused", paused).toString())));
    }
  }

  /** The statements that create the DAG's tables in the shared Trino, with {@code raw.transactions} holding a few days. */
  String[] tables() {
    String raw = "iceberg." + rawSchema();
    String analytics = "iceberg." + analyticsSchema();
    return new String[] {
        "CREATE SCHEMA IF NOT EXISTS " + raw,
        "CREATE SCHEMA IF NOT EXISTS " + analytics,
        "CREATE TABLE " + raw + ".transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP(6),"
            + " day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO " + raw + ".transactions SELECT orderkey, custkey % 20, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-01' + (orderkey % 3) * INTERVAL '1' DAY FROM tpch.tiny.orders"
            + " WHERE orderkey < 600",
        "CREATE TABLE " + analytics + ".daily_customer_totals (customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT)"
            + " WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE " + analytics + ".weekly_customer_totals (customer_id BIGINT, day DATE, total_7d DECIMAL(18,2))"
            + " WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE " + analytics + ".week_over_week (customer_id BIGINT, day DATE, total_7d DECIMAL(18,2),"
            + " prev_total_7d DECIMAL(18,2), change DECIMAL(18,2)) WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE " + analytics + ".customer_lifetime_value (customer_id BIGINT, lifetime_total DECIMAL(18,2), first_day DATE,"
            + " last_day DATE)"};
  }

  /** The token of the DAG's file, once {@link #serve} ran. */
  String fileToken() {
    return entry.get("file_token").asText();
  }

  /** Serves {@code body} as the first and only page of the list at {@code path}. */
  void paged(String path, String body) {
    airflow.stubFor(get(urlPathEqualTo(path)).withQueryParam("offset", equalTo("0")).willReturn(okJson(body)));
  }

  /** {@code fixture} with the DAG's id and schemas in place of the example's. */
  String renamed(String fixture) {
    return fixture.replace("ecommerce_daily", dagId)
        .replace("analytics.", analyticsSchema() + ".")
        .replace("iceberg/analytics/", "iceberg/" + analyticsSchema() + "/")
        .replace("raw.transactions", rawSchema() + ".transactions");
  }

  /** A fixture of {@code src/test/resources/airflow}, as Airflow's specification shapes it. */
  static String text(String resource) {
    try (InputStream in = EcommerceAirflow.class.getResourceAsStream("/airflow/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
