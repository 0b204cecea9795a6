package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trino becoming unreachable in the middle of the dataflow's work, on the real Trino: a gateway in its
 * own process reaches Trino through a connection the test cuts. A restated day's rerun fails with a
 * transient error, is retried with backoff, and succeeds once Trino is back, with the right rows and
 * every attempt on record.
 */
class DataflowTransientFailureIT {

  private static final String CATALOG = ChildGateway.CATALOG;
  private static final String DAILY = "analytics.daily_customer_totals";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SharedGateway shared;
  private static SwitchableProxy trino;
  private static ChildGateway child;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    URI sharedTrino = URI.create(shared.trinoJdbcUrl().substring("jdbc:".length()));
    trino = new SwitchableProxy(sharedTrino.getPort());
    child = ChildGateway.create("dataflow_transient_it", "jdbc:trino://127.0.0.1:" + trino.port());
  }

  @AfterAll
  static void tearDown() {
    if (trino != null) {
      trino.close();
    }
  }

  @Test
  void aRunThatCannotReachTrinoIsRetriedAndSucceedsWhenTrinoIsBack() throws Exception {
    try (GatewayProcess gateway = child.start("gateway.log")) {
      child.createTransactions(3);
      HttpResponse<String> imported = shared.post(child.port, "/api/v1/imports",
          "{\"snapshot\": \"" + child.exportedAirflowSnapshot() + "\"}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      HttpResponse<String> migrated = shared.post(child.port, "/api/v1/dags/ecommerce_daily/migrate",
          "{\"tasks\": [\"daily_customer_totals\"], " + ChildGateway.ECOMMERCE_TABLES.strip().substring(1));
      assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
      assertThat(ChildGateway.translation(JSON.readTree(migrated.body()), "daily_customer_totals")).isEqualTo("translated");
      child.awaitSettled(Duration.ofMinutes(3));
      assertThat(child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'FAILED'")).isZero();

      // Trino becomes unreachable for the gateway; a day is restated by another engine meanwhile
      trino.down();
      shared.trinoExecute("UPDATE " + CATALOG + ".raw.transactions SET amount = amount + 1 WHERE day = DATE '2024-01-02'");
      awaitScalar("SELECT count(*) FROM dataflow_runs WHERE state = 'FAILED'", Duration.ofMinutes(2));
      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE dataset = '" + DAILY + "' AND state = 'FRESH'"
          + " AND partition_key LIKE '%2024-01-02%'")).as("the restated day is not fresh while Trino is away").isZero();

      trino.up();
      child.awaitSettled(Duration.ofMinutes(2));

      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE state <> 'FRESH'")).isZero();
      assertThat(child.scalar("SELECT max(attempt) FROM dataflow_runs WHERE state = 'SUCCEEDED' AND dataset = '" + DAILY + "'"))
          .as("the rerun succeeded on a later attempt").isGreaterThanOrEqualTo(2);
      assertThat(child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'FAILED' AND error_kind = 'USER_ERROR'")).isZero();
      shared.assertSameRows(CATALOG + "." + DAILY, "customer_id, day, total, txn_count",
          "SELECT customer_id, day, sum(amount), count(*) FROM " + CATALOG + ".raw.transactions GROUP BY customer_id, day");

      // the API tells what happened: the failed attempt, with its error and its kind
      HttpResponse<String> failed = shared.get(child.port, "/api/v1/runs?dataset=" + DAILY + "&state=failed");
      assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
      JsonNode run = JSON.readTree(failed.body()).path("items").get(0);
      assertThat(run.path("partitions").toString()).contains("2024-01-02");
      assertThat(run.path("error").path("message").asText()).isNotBlank();
      assertThat(run.path("error").path("kind").asText()).isNotEqualTo("USER_ERROR").isNotBlank();
    }
  }

  private static void awaitScalar(String sql, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (child.scalar(sql) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Still nothing after " + timeout + ": " + sql);
      }
      Thread.sleep(100);
    }
  }
}
