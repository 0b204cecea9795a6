package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
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
 * tables equal a from-scratch computation, no row is duplicated and no run is counted twice. A run
 * the kill interrupted before it committed is no failure of its task: it runs again at once, on the
 * same attempt.
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

  @Test
  void aRunKilledBeforeItCommittedRunsAgainAtOnceOnTheSameAttempt() throws Exception {
    URI sharedTrino = URI.create(shared.trinoJdbcUrl().substring("jdbc:".length()));
    try (SwitchableProxy trino = new SwitchableProxy(sharedTrino.getPort())) {
      ChildGateway interrupted = ChildGateway.create("dataflow_interrupted_it", "jdbc:trino://127.0.0.1:" + trino.port());
      try (GatewayProcess gateway = interrupted.start("first.log")) {
        interrupted.createTransactions(5);
        HttpResponse<String> imported = shared.post(interrupted.port, "/api/v1/imports",
            "{\"snapshot\": \"" + interrupted.exportedAirflowSnapshot() + "\"}");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        // Trino hangs for this gateway: its first run starts, and can neither reach Trino nor commit
        trino.hold();
        HttpResponse<String> migrated = shared.post(interrupted.port, "/api/v1/dags/ecommerce_daily/migrate",
            "{\"tasks\": [\"daily_customer_totals\"], " + ChildGateway.ECOMMERCE_TABLES.strip().substring(1));
        assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(200);
        awaitScalar(interrupted, "SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'");
        gateway.kill();
      }
      // nothing the killed gateway sent reaches Trino afterwards
      trino.down();
      trino.up();
      long killed = interrupted.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'RUNNING'");
      long killedPartitions = interrupted.scalar("SELECT sum(cardinality(partitions)) FROM dataflow_runs WHERE state = 'RUNNING'");
      assertThat(interrupted.scalar("SELECT count(*) FROM dataflow_runs WHERE state <> 'RUNNING'")).isZero();

      try (GatewayProcess gateway = interrupted.start("restart.log")) {
        interrupted.awaitSettled(Duration.ofMinutes(3));

        assertThat(interrupted.scalar("SELECT count(*) FROM dataflow_runs WHERE state = 'FAILED' AND error_kind = 'INTERRUPTED'"))
            .as("every run under way at the kill is recorded as interrupted").isEqualTo(killed);
        // the interruption put each partition back as pending on the same attempt, due when the run was settled
        assertThat(interrupted.scalar("""
            SELECT count(*) FROM partition_transitions t JOIN dataflow_runs r ON t.cause ->> 'run' = r.run_id
            WHERE r.error_kind = 'INTERRUPTED' AND t.after_record -> 'state' ->> 'kind' = 'PENDING'
              AND (t.after_record -> 'state' -> 'task' ->> 'attempt')::int = r.attempt
              AND (t.after_record -> 'state' ->> 'notBefore')::timestamptz <= r.finished_at + INTERVAL '1 millisecond'
            """)).isEqualTo(killedPartitions);
        assertThat(interrupted.scalar("""
            SELECT count(*) FROM dataflow_runs i WHERE i.error_kind = 'INTERRUPTED' AND NOT EXISTS (
              SELECT 1 FROM dataflow_runs r WHERE r.task_id = i.task_id AND r.state = 'SUCCEEDED' AND r.attempt = i.attempt
                AND r.started_at > i.finished_at)
            """)).as("each interrupted task ran again on the same attempt and succeeded").isZero();
        assertThat(interrupted.scalar("SELECT count(*) FROM partition_states WHERE state <> 'FRESH'")).isZero();
        assertThat(shared.trinoLong("SELECT count(*) - count(DISTINCT (customer_id, day)) FROM " + CATALOG
            + ".analytics.daily_customer_totals")).as("duplicated rows").isZero();
        shared.assertSameRows(CATALOG + ".analytics.daily_customer_totals", "customer_id, day, total, txn_count",
            "SELECT customer_id, day, sum(amount), count(*) FROM " + CATALOG + ".raw.transactions GROUP BY customer_id, day");
        assertThat(gateway.log()).contains("had not committed when the gateway stopped: it runs again now, attempt 1");
      }
    }
  }

  private static void awaitScalar(ChildGateway gateway, String sql) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (gateway.scalar(sql) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Still none after 2 minutes: " + sql);
      }
      Thread.sleep(50);
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
