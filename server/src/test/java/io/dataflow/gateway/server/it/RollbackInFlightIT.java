package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rollback asked while a dataflow run of the cut-over DAG is under way, against a WireMock Airflow
 * 2 and the real Trino, Iceberg catalog and PostgreSQL. The run is held deterministically at its
 * commit: the test keeps a row lock on the output table's entry in the catalog's {@code iceberg_tables},
 * so the run's Iceberg commit waits in PostgreSQL until the test lets it go, however fast the machine.
 */
class RollbackInFlightIT {

  private static final String DAG = "ecommerce_rollback";
  private static final String DAG_PATH = "/api/v1/dags/" + DAG;
  private static final String AIRFLOW_DAG = "/api/v1/dags/" + DAG;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(3);

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;
  private static EcommerceAirflow dag;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    dag = new EcommerceAirflow(airflow, DAG, "rb_");
    dag.serve();
    gateway.trinoExecute(dag.tables());

    ApiHttp.Answer imported = post("/api/v1/imports", "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);
    ApiHttp.Answer cutover = post(DAG_PATH + "/cutover", "{\"force\": true}");
    assertThat(cutover.status()).as(cutover.response().body()).isEqualTo(200);
    assertThat(cutover.json().path("migration").path("airflowPaused").asBoolean()).isTrue();
    awaitIdle();
  }

  /**
   * Leaves the shared gateway idle for the next test class: the partitions that the rollback left
   * stale (the held run's and those waiting behind it belong to transforms that are no longer in the
   * dataflow, so nothing recomputes them) are computed by a second cut-over, which a rollback with no
   * run under way then ends.
   */
  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (airflow != null && api != null) {
        ApiHttp.Answer again = post(DAG_PATH + "/cutover", "{\"force\": true}");
        assertThat(again.status()).as(again.response().body()).isEqualTo(200);
        awaitIdle();
        ApiHttp.Answer rolledBack = post(DAG_PATH + "/rollback", "");
        assertThat(rolledBack.status()).as(rolledBack.response().body()).isEqualTo(200);
        awaitIdle();
      }
    } finally {
      if (airflow != null) {
        airflow.stop();
      }
    }
  }

  @Test
  void aRollbackDuringARunAnswers409WithRetryAfterLeavesAirflowPausedAndSucceedsOnceTheRunEnded() throws Exception {
    String daily = dag.analyticsSchema() + ".daily_customer_totals";
    Set<String> before = runIds(daily);
    airflow.resetRequests();
    RunRecord held;
    try (Connection lock = gatewayDatabase()) {
      lock.setAutoCommit(false);
      assertThat(lockCatalogEntry(lock, dag.analyticsSchema(), "daily_customer_totals")).as("the catalog entry locked").isEqualTo(1);

      // a late transaction of 2024-01-02: the dataflow recomputes that day, and its commit waits for the lock
      gateway.trinoExecute("INSERT INTO iceberg." + dag.rawSchema() + ".transactions VALUES (900001, 3, 1234.50, TIMESTAMP"
          + " '2024-01-02 10:00:00', DATE '2024-01-02')");
      await("the run's commit waiting for the catalog entry", () -> !newRuns(daily, before, RunRecord.State.RUNNING).isEmpty()
          && commitsWaiting() > 0);
      held = newRuns(daily, before, RunRecord.State.RUNNING).getFirst();

      ApiHttp.Answer refused = post(DAG_PATH + "/rollback", "");
      assertThat(refused.status()).as(refused.response().body()).isEqualTo(409);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.header("Retry-After")).hasValue("5");
      assertThat(refused.json().path("status").asInt()).isEqualTo(409);
      assertThat(refused.json().path("detail").asText())
          .contains("still under way").contains(DAG + ".daily_customer_totals").contains("keeps the DAG paused");

      assertThat(airflow.findAll(patchRequestedFor(urlPathEqualTo(AIRFLOW_DAG)))).as("no unpause reached Airflow").isEmpty();
      JsonNode migration = api.json(DAG_PATH).path("migration");
      assertThat(migration.path("airflowPaused").asBoolean()).as("Airflow still has the DAG paused").isTrue();
      // the dataflow stops starting the DAG's tasks at the first call; the DAG says that nothing produces its tables
      assertThat(migration.path("mode").asText()).isEqualTo("not_migrated");
      assertThat(migration.path("producer").asText()).startsWith("nothing").contains("call rollback again");
      assertThat(gateway.dataflow().run(held.runId()).orElseThrow().state()).as("the run is still under way")
          .isEqualTo(RunRecord.State.RUNNING);
      lock.rollback();
    }

    await("the held run ended", () -> gateway.dataflow().run(held.runId()).orElseThrow().state() != RunRecord.State.RUNNING);
    RunRecord ended = gateway.dataflow().run(held.runId()).orElseThrow();
    assertThat(ended.state()).as(ended.error().orElse("")).isEqualTo(RunRecord.State.SUCCEEDED);
    assertThat(ended.partitions()).containsExactly("2024-01-02");
    gateway.assertSameRows("iceberg." + daily + " WHERE day = DATE '2024-01-02'", "customer_id, day, total, txn_count",
        "SELECT customer_id, day, SUM(amount), COUNT(*) FROM iceberg." + dag.rawSchema() + ".transactions WHERE day = DATE '2024-01-02'"
            + " GROUP BY customer_id, day");

    ApiHttp.Answer answer = post(DAG_PATH + "/rollback", "");
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    List<LoggedRequest> patches = airflow.findAll(patchRequestedFor(urlPathEqualTo(AIRFLOW_DAG)));
    assertThat(patches).as("one unpause, after the run ended").hasSize(1);
    assertThat(patches.getFirst().getUrl()).isEqualTo(AIRFLOW_DAG + "?update_mask=is_paused");
    assertThat(JSON.readTree(patches.getFirst().getBodyAsString())).isEqualTo(JSON.readTree("{\"is_paused\": false}"));
    JsonNode migration = answer.json().path("migration");
    assertThat(migration.path("airflowPaused").asBoolean(true)).isFalse();
    assertThat(migration.path("producer").asText()).isEqualTo("Airflow");
    assertThat(newRuns(daily, before, RunRecord.State.RUNNING)).isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static Connection gatewayDatabase() throws SQLException {
    return DriverManager.getConnection(gateway.databaseUrl(), "postgres", "");
  }

  /** Locks the table's row of the Iceberg JdbcCatalog, on which every commit of the table is an update. */
  private static int lockCatalogEntry(Connection c, String namespace, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT table_name FROM iceberg_tables WHERE table_namespace = ? AND table_name = ? FOR UPDATE")) {
      s.setString(1, namespace);
      s.setString(2, table);
      int rows = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows++;
        }
      }
      return rows;
    }
  }

  /** Sessions of the gateway's database waiting for a lock on a statement that updates the catalog. */
  private static long commitsWaiting() {
    try (Connection c = gatewayDatabase(); PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%iceberg_tables%'");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> runIds(String dataset) {
    return gateway.dataflow().runs(Optional.of(dataset), Optional.empty(), 500).stream().map(RunRecord::runId).collect(Collectors.toSet());
  }

  private static List<RunRecord> newRuns(String dataset, Set<String> before, RunRecord.State state) {
    return gateway.dataflow().runs(Optional.of(dataset), Optional.of(state), 500).stream()
        .filter(r -> !before.contains(r.runId())).toList();
  }

  private static ApiHttp.Answer post(String path, String body) {
    return api.post(path, SharedGateway.ADMIN_TOKEN, body);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + SETTLE + ": " + what);
      }
      Thread.sleep(200);
    }
  }

  private static void awaitIdle() throws InterruptedException {
    Thread.sleep(500);
    await("the dataflow settles", () -> gateway.dataflow().isIdle());
  }
}
