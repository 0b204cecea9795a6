package io.dataflow.gateway.server.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
import java.util.Set;

/**
 * Serves the importer's Airflow fixtures (copied to {@code src/test/resources/airflow/{v1,v2}}: three
 * DAGs in the shapes of the Airflow 2 and Airflow 3 REST API specifications) from WireMock, as Airflow
 * serves them: every list in pages by {@code limit}/{@code offset}.
 */
public final class AirflowStub {

  static final int PAGE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AirflowStub() {}

  static String text(String resource) {
    try (InputStream in = AirflowStub.class.getResourceAsStream("/airflow/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String resource) {
    try {
      return JSON.readTree(text(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Airflow 2 at {@code /api/v1}, listing the given DAGs (all three when none are given). */
  public static void serveV1(WireMockServer server, String... dagIds) {
    String api = "/api/v1";
    JsonNode dags = listing(json("v1/dags.json"), dagIds);
    paged(server, api + "/dags", dags, "dags");
    paged(server, api + "/datasets", json("v1/datasets.json"), "datasets");
    for (JsonNode dag : dags.get("dags")) {
      String id = dag.get("dag_id").asText();
      String dir = "v1/dags/" + id;
      serve(server, api + "/dags/" + id + "/details", text(dir + "/details.json"));
      serve(server, api + "/dags/" + id + "/tasks", text(dir + "/tasks.json"));
      String token = dag.get("file_token").asText();
      serve(server, api + "/dagSources/" + token, text("v1/dagSources/" + token + ".json"));
      runs(server, api, dir, id);
    }
  }

  /** Airflow 3 at {@code /api/v2} with the simple auth manager's token endpoint. */
  static void serveV2(WireMockServer server, String... dagIds) {
    String api = "/api/v2";
    server.stubFor(post(urlPathEqualTo("/auth/token")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(text("v2/auth/token.json"))));
    JsonNode dags = listing(json("v2/dags.json"), dagIds);
    paged(server, api + "/dags", dags, "dags");
    paged(server, api + "/assets", json("v2/assets.json"), "assets");
    for (JsonNode dag : dags.get("dags")) {
      String id = dag.get("dag_id").asText();
      String dir = "v2/dags/" + id;
      serve(server, api + "/dags/" + id + "/details", text(dir + "/details.json"));
      serve(server, api + "/dags/" + id + "/tasks", text(dir + "/tasks.json"));
      serve(server, api + "/dagSources/" + id, text("v2/dagSources/" + id + ".json"));
      runs(server, api, dir, id);
    }
  }

  /** An Airflow error document with its status, as Airflow answers it. */
  static void fail(WireMockServer server, String path, int status, String fixture) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(text(fixture))));
  }

  static void serve(WireMockServer server, String path, String body) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(body)));
  }

  private static void runs(WireMockServer server, String api, String dir, String id) {
    JsonNode runs = json(dir + "/dagRuns.json");
    paged(server, api + "/dags/" + id + "/dagRuns", runs, "dag_runs");
    for (JsonNode run : runs.get("dag_runs")) {
      String runId = run.get("dag_run_id").asText();
      paged(server, api + "/dags/" + id + "/dagRuns/" + segment(runId) + "/taskInstances",
          json(dir + "/taskInstances/" + runId + ".json"), "task_instances");
    }
  }

  private static JsonNode listing(JsonNode all, String... dagIds) {
    if (dagIds.length == 0) {
      return all;
    }
    Set<String> wanted = Set.of(dagIds);
    ObjectNode some = all.deepCopy();
    ArrayNode dags = some.putArray("dags");
    all.get("dags").forEach(d -> {
      if (wanted.contains(d.get("dag_id").asText())) {
        dags.add(d);
      }
    });
    return some.put("total_entries", dags.size());
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void paged(WireMockServer server, String path, JsonNode collection, String key) {
    ArrayNode all = (ArrayNode) collection.get(key);
    int offset = 0;
    do {
      ObjectNode page = collection.deepCopy();
      ArrayNode items = page.putArray(key);
      for (int i = offset; i < Math.min(all.size(), offset + PAGE); i++) {
        items.add(all.get(i));
      }
      server.stubFor(get(urlPathEqualTo(path)).withQueryParam("offset", equalTo(String.valueOf(offset)))
          .willReturn(okJson(page.toString())));
      offset += PAGE;
    } while (offset < all.size());
  }
}
