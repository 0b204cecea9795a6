package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e-commerce DAG imported from (a WireMock) Airflow and migrated through the REST API into a
 * gateway running as its own process, which is killed with SIGKILL while the cascade computing
 * thirty days runs on Trino. After a restart the cascade completes: every partition is fresh, the
 * tables equal a from-scratch computation, no row is duplicated and no run is counted twice.
 */
class DataflowCrashIT {

  private static final String CATALOG = ChildGateway.CATALOG;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SharedGateway shared;
  private static ChildGateway child;

  @BeforeAll
  static void setUp() throws Exception {
    shared = SharedGateway.get();
    // The gateway under test uses the shared Trino, which reads its catalog as "second_gateway".
    child = ChildGateway.create("dataflow_crash_it", shared.trinoJdbcUrl());
  }

  @Test
  void aGatewayKilledDuringTheCascadeCompletesItAfterRestartWithoutDuplicates() throws Exception {
    Path snapshot = child.exportedAirflowSnapshot();
    try (GatewayProcess gateway = child.start("first.log")) {
      child.createTransactions(30);

      HttpResponse<String> imported = shared.post(child.port, "/api/v1/imports", "{\"snapshot\": \"" + snapshot + "\"}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      assertThat(JSON.readTree(imported.body()).path("dags").findValuesAsText("outcome")).containsOnly("new");

      HttpResponse<String> migrated = shared.post(child.port, "/api/v1/dags/ecommerce_daily/migrate", ChildGateway.ECOMMERCE_TABLES);
      assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
      JsonNode dag = JSON.readTree(migrated.body());
      assertThat(ChildGateway.translation(dag, "daily_customer_totals")).isEqualTo("translated");
      assertThat(ChildGateway.translation(dag, "weekly_customer_totals")).isEqualTo("translated");
      assertThat(ChildGateway.translation(dag, "customer_lifetime_value")).isEqualTo("translated");

      // kill it while a task is running on Trino, after the first commits of the cascade
      awaitRunning(1);
      gateway.kill();
    }
    long runningAtKill = child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'");
    assertThat(runningAtKill).as("a run was under way when the gateway died").isPositive();

    try (GatewayProcess gateway = child.start("restart.log")) {
      child.awaitSettled(Duration.ofMinutes(6));

      assertThat(child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'")).isZero();
      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE state <> 'FRESH'")).isZero();
      assertThat(child.scalar("SELECT count(*) FROM partition_states WHERE dataset = 'analytics.weekly_customer_totals'")).isEqualTo(30);
      for (String table : List.of("daily_customer_totals", "weekly_customer_totals", "week_over_week")) {
        assertThat(shared.trinoLong("SELECT count(*) - count(DISTINCT (customer_id, day)) FROM " + CATALOG + ".analytics." + table))
            .as("duplicated rows in " + table).isZero();
      }
      String daily = "SELECT customer_id, day, sum(amount) AS total, count(*) AS txn_count FROM " + CATALOG
          + ".raw.transactions GROUP BY customer_id, day";
      shared.assertSameRows(CATALOG + ".analytics.daily_customer_totals", "customer_id, day, total, txn_count", daily);
      shared.assertSameRows(CATALOG + ".analytics.weekly_customer_totals", "customer_id, day, total_7d",
          "SELECT t.customer_id, d.day, sum(t.total) FROM (" + daily + ") t JOIN (SELECT DISTINCT day FROM " + CATALOG
              + ".raw.transactions) d ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day GROUP BY t.customer_id, d.day");
      shared.assertSameRows(CATALOG + ".analytics.customer_lifetime_value", "customer_id, lifetime_total, first_day, last_day",
          "SELECT customer_id, sum(total), min(day), max(day) FROM (" + daily + ") GROUP BY customer_id");
      assertThat(gateway.log()).as("the interrupted run was settled from the table history")
          .containsAnyOf("committed snapshot", "had not committed when the gateway stopped");
    }
  }

  private static void awaitRunning(int committedAtLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      if (child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'SUCCEEDED'") >= committedAtLeast
          && child.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'") > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("No run was under way after " + committedAtLeast + " committed");
  }
}
