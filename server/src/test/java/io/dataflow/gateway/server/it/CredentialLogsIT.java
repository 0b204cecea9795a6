package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataflow.gateway.server.cli.AirflowStub;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Airflow's credentials never leave the gateway's environment: a gateway process, logging everything
 * at DEBUG into one file, is given an Airflow password and a bearer token in environment variables and
 * made to use them through the REST API (live imports with basic authentication and with the token,
 * against an Airflow that accepts them, refuses them with 401, fails with 500, answers slowly, or is
 * not listening; an import naming an unset variable; a cut-over and a rollback that pause and unpause
 * the DAG in Airflow, accepted and refused) and in the background (the event bridge polling the
 * configured Airflow, which accepts, refuses and fails). Neither secret, nor the Base64 form of the
 * basic-authentication header, may then occur in the log, in any answer of the API or in the rows of
 * {@code dag_imports} and {@code imported_dags}.
 */
class CredentialLogsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "gateway-it";
  private static final String PASSWORD = "pw" + random();
  private static final String TOKEN = "tok" + random();
  private static final String BASIC = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  private static SharedGateway shared;
  private static ChildGateway child;
  private static int port;
  private static GatewayProcess gateway;
  private static WireMockServer airflow;
  /** The Airflow of the gateway's configuration, which the event bridge polls in the background. */
  private static WireMockServer configured;
  private static final List<String> answers = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    configured = new WireMockServer(wireMockConfig().dynamicPort());
    configured.start();
    configured.stubFor(get(urlPathEqualTo("/api/v1/datasets/events"))
        .willReturn(okJson("{\"dataset_events\": [], \"total_entries\": 0}")));
    child = ChildGateway.named("credential_logs_it")
        .requestLogAppenders("[{type: console}]")
        .logging("DEBUG", Map.of("org.eclipse.jetty", "INFO", "org.glassfish.jersey.internal", "INFO"))
        .yaml("""
            airflow: {url: "%s", version: "2", user: %s, passwordEnv: IT_AIRFLOW_PASSWORD}
            bridge: {enabled: true, pollInterval: PT1S, retryInitialDelay: PT1S, retryMaxDelay: PT2S}
            """.formatted(configured.baseUrl(), USER))
        .environment(Map.of("IT_AIRFLOW_PASSWORD", PASSWORD, "IT_AIRFLOW_TOKEN", TOKEN))
        .create();
    port = child.port;
    gateway = child.start("gateway.log");
  }

  @AfterAll
  static void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    if (airflow != null) {
      airflow.stop();
    }
    if (configured != null) {
      configured.stop();
    }
  }

  @Test
  void airflowSecretsReachNeitherTheLogNorTheApiNorTheDatabase() throws Exception {
    // basic authentication, accepted
    serveAirflow();
    JsonNode basic = created(importLive("\"user\": \"" + USER + "\", \"passwordEnv\": \"IT_AIRFLOW_PASSWORD\""));
    assertThat(basic.path("dags").findValuesAsText("outcome")).containsOnly("new");
    assertEveryRequestCarried("Basic " + BASIC);

    // a bearer token, accepted, from an Airflow that answers every call after 1.5 s
    serveAirflow();
    airflow.setGlobalFixedDelay(1_500);
    JsonNode bearer = created(importLive("\"tokenEnv\": \"IT_AIRFLOW_TOKEN\""));
    assertThat(bearer.path("dags").findValuesAsText("outcome")).containsOnly("unchanged");
    assertEveryRequestCarried("Bearer " + TOKEN);
    airflow.setGlobalFixedDelay(0);

    // refused with 401, then failing with 500 (retried), for each kind of credentials
    for (int status : List.of(401, 500)) {
      for (String credentials : List.of("\"user\": \"" + USER + "\", \"passwordEnv\": \"IT_AIRFLOW_PASSWORD\"",
          "\"tokenEnv\": \"IT_AIRFLOW_TOKEN\"")) {
        airflow.resetAll();
        airflow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/problem+json").withBody(errorDocument(status))));
        HttpResponse<String> failed = importLive(credentials);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
        assertThat(JSON.readTree(failed.body()).path("detail").asText()).contains(airflow.baseUrl()).contains(String.valueOf(status));
        assertThat(airflow.findAll(anyRequestedFor(anyUrl()))).as("Airflow was called with the credentials").isNotEmpty();
      }
    }

    // an Airflow that is not listening
    int closed = Ports.free();
    HttpResponse<String> unreachable = shared.post(port, "/api/v1/imports", """
        {"airflow": {"url": "http://127.0.0.1:%d", "version": "2", "tokenEnv": "IT_AIRFLOW_TOKEN"}}""".formatted(closed));
    answers.add(unreachable.body());
    assertThat(unreachable.statusCode()).as(unreachable.body()).isEqualTo(502);

    // a variable the gateway does not have
    HttpResponse<String> unset = importLive("\"user\": \"" + USER + "\", \"passwordEnv\": \"IT_AIRFLOW_PASSWORD_UNSET\"");
    assertThat(unset.statusCode()).as(unset.body()).isEqualTo(400);
    assertThat(JSON.readTree(unset.body()).path("field").asText()).isEqualTo("airflow.passwordEnv");
    assertThat(JSON.readTree(unset.body()).path("detail").asText()).contains("IT_AIRFLOW_PASSWORD_UNSET");

    // cut-over and rollback pause and unpause the DAG in the Airflow it was last imported from, with its token
    serveAirflow();
    servePatch("ecommerce_daily");
    HttpResponse<String> cutover = post("/api/v1/dags/ecommerce_daily/cutover", "{\"force\": true}");
    assertThat(cutover.statusCode()).as(cutover.body()).isEqualTo(200);
    HttpResponse<String> rollback = post("/api/v1/dags/ecommerce_daily/rollback", "");
    assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
    assertThat(airflow.findAll(patchRequestedFor(urlPathEqualTo("/api/v1/dags/ecommerce_daily")))).hasSize(2);
    assertEveryRequestCarried("Bearer " + TOKEN);
    airflow.resetAll();
    airflow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/problem+json").withBody(errorDocument(401))));
    HttpResponse<String> refused = post("/api/v1/dags/ecommerce_daily/cutover", "{\"force\": true}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);

    // the bridge polled the configured Airflow with the password; it now refuses it, then fails
    await(() -> !configured.findAll(getRequestedFor(urlPathEqualTo("/api/v1/datasets/events"))).isEmpty());
    configured.findAll(anyRequestedFor(anyUrl()))
        .forEach(r -> assertThat(r.getHeader("Authorization")).as(r.getUrl()).isEqualTo("Basic " + BASIC));
    for (int status : List.of(401, 500)) {
      configured.resetAll();
      configured.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
          .withHeader("Content-Type", "application/problem+json").withBody(errorDocument(status))));
      await(() -> configured.findAll(anyRequestedFor(anyUrl())).size() >= 2);
    }

    // everything the API says about the imports
    for (JsonNode imported : List.of(basic, bearer)) {
      answers.add(read("/api/v1/imports/" + imported.path("id").asText()));
    }
    answers.add(read("/api/v1/dags"));
    answers.add(read("/api/v1/dags/ecommerce_daily"));
    answers.add(read("/api/v1/dags/ecommerce_daily/readiness"));
    answers.add(read("/api/v1/runtime"));

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the password", PASSWORD);
    secrets.put("the token", TOKEN);
    secrets.put("the Base64 basic-authentication credentials", BASIC);
    secrets.put("the Base64 password", Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    secrets.put("the Base64 token", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));

    List<String> rows = rows("SELECT row_to_json(t)::text FROM dag_imports t");
    rows.addAll(rows("SELECT row_to_json(t)::text FROM imported_dags t"));
    assertThat(rows).as("import rows").hasSizeGreaterThanOrEqualTo(3);
    assertThat(String.join("\n", rows)).contains("Airflow 2 at " + airflow.baseUrl());

    gateway.close();
    String log = gateway.log();
    assertThat(log).as("the log holds the imports, so that its scan means something")
        .contains("POST /api/v1/imports").contains("DEBUG");
    // reported masked, so that a failure does not print the secrets into the build's output
    List<String> leaks = new ArrayList<>();
    secrets.forEach((what, secret) -> {
      leaks.addAll(occurrences("the gateway's log", log, what, secret));
      answers.forEach(answer -> leaks.addAll(occurrences("an answer of the API", answer, what, secret)));
      rows.forEach(row -> leaks.addAll(occurrences("a row of dag_imports or imported_dags", row, what, secret)));
    });
    assertThat(leaks).as("Airflow's secrets where they must never be").isEmpty();
  }

  /** Each line of {@code text} holding {@code secret}, with the secret replaced by what it is. */
  private static List<String> occurrences(String where, String text, String what, String secret) {
    List<String> found = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(secret)) {
        String line = lines[i].replace(secret, "<" + what + ">");
        found.add(what + " in " + where + ", line " + (i + 1) + ": " + line.substring(0, Math.min(line.length(), 400)));
      }
    }
    return found;
  }

  /** Airflow's answer to {@code PATCH /dags/{dagId}?update_mask=is_paused}: the DAG, paused or not as asked. */
  private static void servePatch(String dagId) throws IOException {
    JsonNode dags;
    try (InputStream in = CredentialLogsIT.class.getResourceAsStream("/airflow/v1/dags.json")) {
      dags = JSON.readTree(in);
    }
    for (JsonNode dag : dags.path("dags")) {
      if (dag.path("dag_id").asText().equals(dagId)) {
        for (boolean paused : List.of(true, false)) {
          airflow.stubFor(patch(urlPathEqualTo("/api/v1/dags/" + dagId))
              .withRequestBody(matchingJsonPath("$.is_paused", equalTo(String.valueOf(paused))))
              .willReturn(okJson(((com.fasterxml.jackson.databind.node.ObjectNode) dag.deepCopy()).put("is_paused", paused).toString())));
        }
      }
    }
  }

  private static HttpResponse<String> post(String path, String body) {
    HttpResponse<String> response = shared.post(port, path, body);
    answers.add(response.headers().map() + "\n" + response.body());
    return response;
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The gateway did not call the configured Airflow within 60 s");
      }
      Thread.sleep(200);
    }
  }

  private static void serveAirflow() {
    airflow.resetAll();
    AirflowStub.serveV1(airflow, "ecommerce_daily");
  }

  private static HttpResponse<String> importLive(String credentials) {
    HttpResponse<String> response = shared.post(port, "/api/v1/imports",
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\", " + credentials + "}}");
    answers.add(response.headers().map() + "\n" + response.body());
    return response;
  }

  private static JsonNode created(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static String read(String path) {
    HttpResponse<String> response = shared.get(port, path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static void assertEveryRequestCarried(String authorization) {
    List<LoggedRequest> requests = airflow.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).isNotEmpty();
    requests.forEach(r -> assertThat(r.getHeader("Authorization")).as(r.getUrl()).isEqualTo(authorization));
  }

  /** An error document as Airflow 2 answers it (the {@code Error} schema of its REST API). */
  private static String errorDocument(int status) throws IOException {
    if (status == 401) {
      try (InputStream in = CredentialLogsIT.class.getResourceAsStream("/airflow/v1/errors/401.json")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return """
        {"type": "about:blank", "title": "Internal Server Error", "status": %d,
         "detail": "The server encountered an internal error and was unable to complete your request."}""".formatted(status);
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection db = child.database();
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  private static String random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
