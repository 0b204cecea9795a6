package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbackPlanTest {

  @Test
  void aRecoveredBashCommandRunsAsAShellCommandWithTheTasksTimeoutOnTheDagsSchedule() {
    LegacyDag dag = dag(new Schedule.Cron("0 3 * * *", ZoneOffset.UTC),
        task("vacuum_logs", "BashOperator", Optional.empty(), Optional.of(recovered("find /var/log/etl -mtime +30 -delete")),
            Optional.of(Duration.ofMinutes(20))));

    FallbackPlan plan = FallbackPlan.of(dag, "vacuum_logs", true, List.of("ops.log_sizes"), ZoneOffset.UTC);

    FallbackJob job = plan.job().orElseThrow();
    assertThat(plan.reason()).isEmpty();
    assertThat(job.key()).isEqualTo(new FallbackJobKey("ops", "vacuum_logs"));
    assertThat(job.action()).isEqualTo(new FallbackAction.ShellCommand("find /var/log/etl -mtime +30 -delete", Map.of(), Optional.empty(),
        Duration.ofMinutes(20)));
    assertThat(job.schedule().schedule()).isEqualTo(new Schedule.Cron("0 3 * * *", ZoneOffset.UTC));
    assertThat(job.outputs()).containsExactly("ops.log_sizes");
  }

  @Test
  void oneStatementOfTrinoSqlRunsAsItIsWithoutItsSemicolon() {
    LegacyDag dag = dag(new Schedule.Preset("@daily"),
        task("append_audit", "SQLExecuteQueryOperator", Optional.of(recovered("INSERT INTO audit.loads SELECT now(), '{{ ds }}';\n")),
            Optional.empty(), Optional.empty()));

    FallbackJob job = FallbackPlan.of(dag, "append_audit", true, List.of(), ZoneOffset.UTC).job().orElseThrow();

    assertThat(job.action()).isEqualTo(new FallbackAction.TrinoSql("INSERT INTO audit.loads SELECT now(), '{{ ds }}'",
        FallbackPlan.DEFAULT_TIMEOUT));
  }

  @Test
  void whatTheGatewayCannotRunStaysInAirflowWithTheReason() {
    LegacyDag dag = dag(new Schedule.Preset("@daily"),
        task("notify_finance", "PythonOperator", Optional.empty(), Optional.empty(), Optional.empty()),
        task("load_pg", "PostgresOperator", Optional.of(recovered("DELETE FROM t WHERE d = '{{ ds }}'")), Optional.empty(), Optional.empty()),
        task("two_steps", "SQLExecuteQueryOperator", Optional.of(new RecoveredSql(List.of("DELETE FROM t", "INSERT INTO t SELECT 1"),
            SqlOrigin.DAG_SOURCE, 1.0, 1)), Optional.empty(), Optional.empty()),
        task("from_file", "SQLExecuteQueryOperator", Optional.of(new SqlUnavailable("kept in a file")), Optional.empty(), Optional.empty()),
        task("script", "BashOperator", Optional.empty(), Optional.of(new SqlUnavailable("reads a script file")), Optional.empty()));

    assertThat(FallbackPlan.of(dag, "notify_finance", true, List.of(), ZoneOffset.UTC).reason())
        .contains("PythonOperator notify_finance: the gateway cannot run a PythonOperator; it stays in Airflow");
    assertThat(FallbackPlan.of(dag, "load_pg", false, List.of(), ZoneOffset.UTC).reason())
        .contains("PostgresOperator load_pg: its SQL is not Trino SQL, and the fallback runs SQL only on Trino");
    assertThat(FallbackPlan.of(dag, "two_steps", true, List.of(), ZoneOffset.UTC).reason())
        .contains("SQLExecuteQueryOperator two_steps: its SQL has 2 statements, and the fallback runs one statement per task");
    assertThat(FallbackPlan.of(dag, "from_file", true, List.of(), ZoneOffset.UTC).reason())
        .contains("SQLExecuteQueryOperator from_file: its SQL was not recovered");
    assertThat(FallbackPlan.of(dag, "script", true, List.of(), ZoneOffset.UTC).reason())
        .contains("BashOperator script: its bash_command was not recovered");
  }

  @Test
  void aDagWithoutAScheduleTheFallbackCanReproduceKeepsEveryTaskInAirflow() {
    LegacyDag dag = dag(new Schedule.DatasetTriggered("s3://lake/orders"),
        task("vacuum_logs", "BashOperator", Optional.empty(), Optional.of(recovered("true")), Optional.empty()));

    assertThat(FallbackPlan.of(dag, "vacuum_logs", true, List.of(), ZoneOffset.UTC).reason())
        .contains("DAG ops has no schedule the fallback can reproduce (scheduled on datasets: s3://lake/orders)");
  }

  private static RecoveredSql recovered(String text) {
    return new RecoveredSql(List.of(text), SqlOrigin.DAG_SOURCE, 1.0, 1);
  }

  private static LegacyTask task(String id, String operator, Optional<SqlTemplate> sql, Optional<SqlTemplate> command,
      Optional<Duration> timeout) {
    return new LegacyTask(id, operator, "airflow.providers.standard.operators", List.of(), "all_success", 0, Optional.empty(),
        Optional.empty(), timeout, List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), sql, command);
  }

  private static LegacyDag dag(Schedule schedule, LegacyTask... tasks) {
    return new LegacyDag("ops", Optional.empty(), Optional.empty(), List.of("platform"), List.of(), false, schedule,
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), false, Optional.empty(), Map.of(), List.of(tasks),
        List.of(), List.of());
  }
}
