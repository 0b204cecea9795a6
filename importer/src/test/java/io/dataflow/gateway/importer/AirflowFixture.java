package io.dataflow.gateway.importer;

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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Serves the JSON fixtures under {@code src/test/resources/airflow/{v1,v2}} from WireMock the way
 * Airflow 2 and 3 serve them, every list cut into pages of {@code pageSize} by {@code limit}/{@code offset}.
 */
final class AirflowFixture {

    static final String[] DAG_IDS = {"customer_segments", "ecommerce_daily", "ops_maintenance"};
    static final String TOKEN = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AirflowFixture() {
    }

    static String text(String resource) {
        try (InputStream in = AirflowFixture.class.getResourceAsStream("/airflow/" + resource)) {
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

    static URI base(WireMockServer server) {
        return URI.create(server.baseUrl());
    }

    /** Encodes a path segment as the generated clients do. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Airflow 2 at {@code /api/v1}. */
    static void serveV1(WireMockServer server, int pageSize) {
        String api = "/api/v1";
        paged(server, api + "/dags", json("v1/dags.json"), "dags", pageSize);
        paged(server, api + "/datasets", json("v1/datasets.json"), "datasets", pageSize);
        for (JsonNode dag : json("v1/dags.json").get("dags")) {
            String id = dag.get("dag_id").asText();
            String dir = "v1/dags/" + id;
            serve(server, api + "/dags/" + id + "/details", text(dir + "/details.json"));
            serve(server, api + "/dags/" + id + "/tasks", text(dir + "/tasks.json"));
            String token = dag.get("file_token").asText();
            serve(server, api + "/dagSources/" + token, text("v1/dagSources/" + token + ".json"));
            JsonNode runs = json(dir + "/dagRuns.json");
            paged(server, api + "/dags/" + id + "/dagRuns", runs, "dag_runs", pageSize);
            for (JsonNode run : runs.get("dag_runs")) {
                String runId = run.get("dag_run_id").asText();
                paged(server, api + "/dags/" + id + "/dagRuns/" + segment(runId) + "/taskInstances",
                        json(dir + "/taskInstances/" + runId + ".json"), "task_instances", pageSize);
            }
        }
    }

    /** Airflow 3 at {@code /api/v2}, with the simple auth manager's token endpoint. */
    static void serveV2(WireMockServer server, int pageSize) {
        String api = "/api/v2";
        server.stubFor(post(urlPathEqualTo("/auth/token"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(text("v2/auth/token.json"))));
        paged(server, api + "/dags", json("v2/dags.json"), "dags", pageSize);
        paged(server, api + "/assets", json("v2/assets.json"), "assets", pageSize);
        for (JsonNode dag : json("v2/dags.json").get("dags")) {
            String id = dag.get("dag_id").asText();
            String dir = "v2/dags/" + id;
            serve(server, api + "/dags/" + id + "/details", text(dir + "/details.json"));
            serve(server, api + "/dags/" + id + "/tasks", text(dir + "/tasks.json"));
            serve(server, api + "/dagSources/" + id, text("v2/dagSources/" + id + ".json"));
            JsonNode runs = json(dir + "/dagRuns.json");
            paged(server, api + "/dags/" + id + "/dagRuns", runs, "dag_runs", pageSize);
            for (JsonNode run : runs.get("dag_runs")) {
                String runId = run.get("dag_run_id").asText();
                paged(server, api + "/dags/" + id + "/dagRuns/" + segment(runId) + "/taskInstances",
                        json(dir + "/taskInstances/" + runId + ".json"), "task_instances", pageSize);
            }
        }
    }

    static void serve(WireMockServer server, String path, String body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(body)));
    }

    /** One stub per page: {@code offset} selects the slice, {@code total_entries} stays the full count. */
    static void paged(WireMockServer server, String path, JsonNode collection, String key, int pageSize) {
        ArrayNode all = (ArrayNode) collection.get(key);
        int offset = 0;
        do {
            ObjectNode page = collection.deepCopy();
            ArrayNode items = page.putArray(key);
            for (int i = offset; i < Math.min(all.size(), offset + pageSize); i++) {
                items.add(all.get(i));
            }
            server.stubFor(get(urlPathEqualTo(path))
                    .withQueryParam("offset", equalTo(String.valueOf(offset)))
                    .willReturn(okJson(page.toString())));
            offset += pageSize;
        } while (offset < all.size());
    }
}
