package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.server.api.JerseyOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's endpoints on the running gateway, with their errors: tokens and roles (401, 403),
 * unknown ids (404), invalid bodies (400 naming the field), oversized bodies (413), the token CLI,
 * and the API description against what the gateway serves.
 */
class ApiEndpointsIT {

  private static final String ADMIN = SharedGateway.ADMIN_TOKEN;
  private static SharedGateway gateway;
  private static ApiHttp api;

  @BeforeAll
  static void start() {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
  }

  private static String createToken(String name, String role) {
    ApiHttp.Answer created = api.post("/api/v1/tokens", ADMIN, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
    assertThat(created.status()).as(created.response().body()).isEqualTo(201);
    assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/tokens/" + created.json().path("id").asText()));
    return created.json().path("token").asText();
  }

  @Test
  void withoutATokenTheApiAndTheCatalogAnswer401ButHealthAndTheDescriptionStayOpen() {
    for (String path : List.of("/api/v1/datasets", "/api/v1/runtime", "/api/v1/events", "/api/v1/tokens")) {
      ApiHttp.Answer answer = api.send("GET", path, Optional.empty(), Optional.empty());
      assertThat(answer.status()).as(path).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate")).as(path).contains("Bearer realm=\"dataflow-gateway\"");
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
    }
    ApiHttp.Answer catalog = api.send("GET", "/iceberg/v1/config", Optional.empty(), Optional.empty());
    assertThat(catalog.status()).isEqualTo(401);
    assertThat(catalog.json().path("error").path("type").asText()).isEqualTo("NotAuthorizedException");
    assertThat(api.get("/iceberg/v1/config", "dgw_forged").status()).isEqualTo(401);

    assertThat(api.send("GET", "/api/v1/openapi.json", Optional.empty(), Optional.empty()).status()).isEqualTo(200);
    assertThat(new ApiHttp(gateway.adminPort()).send("GET", "/healthcheck", Optional.empty(), Optional.empty()).status()).isEqualTo(200);
  }

  @Test
  void tokensAreCreatedListedWithoutSecretsUsedWithinTheirRoleAndRevoked() {
    String reader = createToken("it-reader", "reader");
    assertThat(api.get("/api/v1/datasets", reader).status()).isEqualTo(200);
    ApiHttp.Answer forbidden = api.post("/api/v1/backfills", reader, "{\"dataset\": \"raw.anything\"}");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().path("detail").asText()).isEqualTo("Token 'it-reader' has role reader; POST /api/v1/backfills needs role operator");
    assertThat(api.get("/api/v1/tokens", reader).status()).as("tokens are for admins").isEqualTo(403);
    assertThat(api.send("POST", "/iceberg/v1/namespaces", Optional.of(reader), Optional.of("{\"namespace\": [\"readers_may_not\"]}")).status())
        .as("a reader may not write to the catalog").isEqualTo(403);

    String operator = createToken("it-operator", "operator");
    assertThat(api.post("/api/v1/backfills", operator, "{\"dataset\": \"raw.anything\"}").status()).as("allowed, then not found").isEqualTo(404);

    JsonNode listed = api.json("/api/v1/tokens");
    assertThat(listed.findValuesAsText("name")).contains("it-reader", "it-operator");
    assertThat(listed.toString()).doesNotContain(reader).doesNotContain(operator).doesNotContain("\"token\"");
    String readerId = null;
    for (JsonNode token : listed) {
      if (token.path("name").asText().equals("it-reader")) {
        readerId = token.path("id").asText();
      }
    }

    ApiHttp.Answer revoked = api.send("DELETE", "/api/v1/tokens/" + readerId, Optional.of(ADMIN), Optional.empty());
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("revokedAt").isNull()).isFalse();
    assertThat(api.get("/api/v1/datasets", reader).status()).as("revoked at once").isEqualTo(401);
    assertThat(api.send("DELETE", "/api/v1/tokens/tok_unknown", Optional.of(ADMIN), Optional.empty()).status()).isEqualTo(404);
  }

  @Test
  void invalidTokenRequestsAre400NamingTheField() {
    ApiHttp.Answer role = api.post("/api/v1/tokens", ADMIN, "{\"name\": \"x\", \"role\": \"root\"}");
    assertThat(role.status()).isEqualTo(400);
    assertThat(role.json().path("field").asText()).isEqualTo("role");
    assertThat(role.json().path("detail").asText()).contains("expected one of [reader, operator, admin]");
    assertThat(api.post("/api/v1/tokens", ADMIN, "{\"role\": \"reader\"}").json().path("field").asText()).isEqualTo("name");
  }

  @Test
  void unknownIdsAre404Problems() {
    for (String path : List.of("/api/v1/datasets/nowhere.nothing", "/api/v1/datasets/nowhere.nothing/partitions",
        "/api/v1/datasets/nowhere.nothing/impact?partition=2024-01-01", "/api/v1/lineage/nowhere.nothing", "/api/v1/runs/run-unknown",
        "/api/v1/backfills/bf_unknown", "/api/v1/runs?dataset=nowhere.nothing")) {
      ApiHttp.Answer answer = api.get(path, ADMIN);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      assertThat(answer.json().path("detail").asText()).as(path).startsWith("There is no ");
    }
  }

  @Test
  void invalidBodiesAre400NamingTheFieldAndOversizedOnes413() {
    ApiHttp.Answer missing = api.post("/api/v1/backfills", ADMIN, "{\"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.contentType()).isEqualTo("application/problem+json");
    assertThat(missing.json().path("field").asText()).isEqualTo("dataset");
    assertThat(api.post("/api/v1/backfills", ADMIN, "not json").json().path("field").asText()).isEqualTo("body");
    assertThat(api.get("/api/v1/runs?state=sleeping", ADMIN).json().path("field").asText()).isEqualTo("state");

    ApiHttp.Answer large = api.post("/api/v1/backfills", ADMIN, "{\"dataset\": \"" + "x".repeat(2 << 20) + "\"}");
    assertThat(large.status()).isEqualTo(413);
    assertThat(large.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void theDescriptionListsExactlyTheOperationsTheGatewayServesUnderApiV1() throws Exception {
    Set<String> served = new TreeSet<>();
    JerseyOperations.served(gateway.jerseyClasses()).stream().filter(o -> o.contains(" /api/v1/")).forEach(served::add);
    assertThat(served).contains("GET /api/v1/datasets", "GET /api/v1/events", "POST /api/v1/tokens");
    assertThat(JerseyOperations.documented()).as("the API description").containsExactlyInAnyOrderElementsOf(served);
    assertThat(api.json("/api/v1/openapi.json").path("paths").has("/api/v1/lineage/{datasetId}")).isTrue();
  }

  @Test
  void theTokenCommandCreatesATokenTheRunningGatewayAccepts() throws Exception {
    Path config = Files.createTempFile("token-command-", ".yml");
    Files.writeString(config, """
        dataDirectory: %s
        logging:
          level: WARN
          appenders: [{type: console, target: stderr}]
        """.formatted(gateway.dataDirectory()));
    Path jar = Path.of("target", "dataflow-gateway.jar").toAbsolutePath();
    Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
        "token", "create", "--role", "reader", "--name", "from-the-cli", "--quiet", config.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String secret = output.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(secret).startsWith("dgw_");
    assertThat(api.get("/api/v1/datasets", secret).status()).isEqualTo(200);
    assertThat(api.json("/api/v1/tokens").findValuesAsText("name")).contains("from-the-cli");
  }
}
