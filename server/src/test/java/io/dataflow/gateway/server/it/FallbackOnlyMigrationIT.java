package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataflow.gateway.server.cli.AirflowStub;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DAG none of whose tasks has SQL (the housekeeping DAG {@code ops_maintenance}: a file sensor, a
 * BashOperator, a PythonOperator) migrates by moving every task to the fallback, and says so.
 */
class FallbackOnlyMigrationIT {

  private static final String DAG = "ops_maintenance";

  private static ApiHttp api;
  private static WireMockServer airflow;

  @BeforeAll
  static void setUp() {
    api = new ApiHttp(SharedGateway.get().port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    AirflowStub.serveV1(airflow, DAG);
  }

  @AfterAll
  static void tearDown() {
    airflow.stop();
  }

  @Test
  void aDagWithoutSqlTasksIsRecordedAsMigratedWithEveryTaskInTheFallback() {
    ApiHttp.Answer imported = api.post("/api/v1/imports", SharedGateway.ADMIN_TOKEN,
        "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);
    JsonNode before = api.get("/api/v1/dags/" + DAG, SharedGateway.ADMIN_TOKEN).json();
    assertThat(before.path("migratedAt").isNull()).as(before.toString()).isTrue();
    assertThat(translations(before)).containsOnlyKeys("report", "vacuum_logs", "wait_for_export");
    assertThat(translations(before).values()).containsOnly("not_migrated");
    Instant asked = Instant.now();

    ApiHttp.Answer migrated = api.post("/api/v1/dags/" + DAG + "/migrate", SharedGateway.ADMIN_TOKEN, "{}");

    assertThat(migrated.status()).as(migrated.response().body()).isEqualTo(200);
    for (JsonNode dag : new JsonNode[] {migrated.json(), api.get("/api/v1/dags/" + DAG, SharedGateway.ADMIN_TOKEN).json()}) {
      assertThat(dag.path("migratedAt").isTextual()).as(dag.toString()).isTrue();
      assertThat(Instant.parse(dag.path("migratedAt").asText())).isAfterOrEqualTo(asked.minusSeconds(1));
      assertThat(dag.path("migration").path("mode").asText()).isEqualTo("production");
      assertThat(translations(dag)).containsExactlyInAnyOrderEntriesOf(
          Map.of("report", "fallback", "vacuum_logs", "fallback", "wait_for_export", "fallback"));
      assertThat(task(dag, "report").path("reason").asText()).isEqualTo("PythonOperator runs no SQL");
    }
    JsonNode listed = dagInList(api.get("/api/v1/dags", SharedGateway.ADMIN_TOKEN).json());
    assertThat(listed.path("migratedAt").isTextual()).isTrue();
    assertThat(listed.path("translation").path("fallback").asInt()).isEqualTo(3);
    assertThat(listed.path("translation").path("not_migrated").asInt()).isZero();

    // a rollback gives the DAG back as it was: not migrated, no migration time
    ApiHttp.Answer rolledBack = api.post("/api/v1/dags/" + DAG + "/rollback", SharedGateway.ADMIN_TOKEN, "{}");
    assertThat(rolledBack.status()).as(rolledBack.response().body()).isEqualTo(200);
    assertThat(rolledBack.json().path("migratedAt").isNull()).isTrue();
    assertThat(translations(rolledBack.json()).values()).containsOnly("not_migrated");
  }

  private static Map<String, String> translations(JsonNode dag) {
    Map<String, String> translations = new LinkedHashMap<>();
    dag.path("tasks").forEach(t -> translations.put(t.path("taskId").asText(), t.path("translation").asText()));
    return translations;
  }

  private static JsonNode dagInList(JsonNode list) {
    for (JsonNode dag : list.path("dags")) {
      if (dag.path("dagId").asText().equals(DAG)) {
        return dag;
      }
    }
    throw new AssertionError("No DAG " + DAG + " in " + list);
  }
}
