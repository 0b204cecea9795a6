package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.importer.model.HttpRequest;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbackPlanTest {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void aRecoveredBashCommandRunsAsAShellCommandWithTheTasksTimeoutOnTheDagsSchedule() {
    LegacyDag dag = dag(new Schedule.Cron("0 3 * * *", ZoneOffset.UTC),
        task("vacuum_logs", "BashOperator", Optional.empty(), Optional.of(recovered("find /var/log/etl -mtime +30 -delete")),
            Optional.of(Duration.ofMinutes(20))));

    FallbackPlan plan = FallbackPlan.of(dag, "vacuum_logs", true, List.of("ops.log_sizes"), ZoneOffset.UTC, START);

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

    FallbackJob job = FallbackPlan.of(dag, "append_audit", true, List.of(), ZoneOffset.UTC, START).job().orElseThrow();

    assertThat(job.action()).isEqualTo(new FallbackAction.TrinoSql("INSERT INTO audit.loads SELECT now(), '{{ ds }}'",
        FallbackPlan.DEFAULT_TIMEOUT));
  }

  @Test
  void whatTheGatewayCannotRunStaysInAirflowWithTheReasonAndSeveralStatementsRunInTurn() {
    LegacyDag dag = dag(new Schedule.Preset("@daily"),
        task("notify_finance", "PythonOperator", Optional.empty(), Optional.empty(), Optional.empty()),
        task("load_pg", "PostgresOperator", Optional.of(recovered("DELETE FROM t WHERE d = '{{ ds }}'")), Optional.empty(), Optional.empty()),
        task("two_steps", "SQLExecuteQueryOperator", Optional.of(new RecoveredSql(List.of("DELETE FROM t", "INSERT INTO t SELECT 1"),
            SqlOrigin.DAG_SOURCE, 1.0, 1)), Optional.empty(), Optional.empty()),
        task("from_file", "SQLExecuteQueryOperator", Optional.of(new SqlUnavailable("kept in a file")), Optional.empty(), Optional.empty()),
        task("script", "BashOperator", Optional.empty(), Optional.of(new SqlUnavailable("reads a script file")), Optional.empty()));

    assertThat(FallbackPlan.of(dag, "notify_finance", true, List.of(), ZoneOffset.UTC, START).reason())
        .contains("PythonOperator notify_finance: the gateway cannot run a PythonOperator; it stays in Airflow");
    assertThat(FallbackPlan.of(dag, "load_pg", false, List.of(), ZoneOffset.UTC, START).reason())
        .contains("PostgresOperator load_pg: its SQL is not Trino SQL, and the fallback runs SQL only on Trino");
    assertThat(FallbackPlan.of(dag, "two_steps", true, List.of(), ZoneOffset.UTC, START).job().orElseThrow().action())
        .as("statements run one after the other, as Airflow runs them")
        .isEqualTo(new FallbackAction.TrinoSql(List.of("DELETE FROM t", "INSERT INTO t SELECT 1"), FallbackPlan.DEFAULT_TIMEOUT));
    assertThat(FallbackPlan.of(dag, "from_file", true, List.of(), ZoneOffset.UTC, START).reason())
        .contains("SQLExecuteQueryOperator from_file: its SQL was not recovered");
    assertThat(FallbackPlan.of(dag, "script", true, List.of(), ZoneOffset.UTC, START).reason())
        .contains("BashOperator script: its bash_command was not recovered");
  }

  @Test
  void aDagWithoutAScheduleTheFallbackCanReproduceKeepsEveryTaskInAirflow() {
    LegacyDag dag = dag(new Schedule.DatasetTriggered("s3://lake/orders"),
        task("vacuum_logs", "BashOperator", Optional.empty(), Optional.of(recovered("true")), Optional.empty()));

    assertThat(FallbackPlan.of(dag, "vacuum_logs", true, List.of(), ZoneOffset.UTC, START).reason())
        .contains("DAG ops has no schedule the fallback can reproduce (scheduled on datasets: s3://lake/orders)");
  }

  @Test
  void aTaskTakenOverFromAirflowFirstRunsTheIntervalUnderWayAtTheTakeOver() {
    LegacyDag daily = dag(new Schedule.Preset("@daily"),
        task("append_audit", "SQLExecuteQueryOperator", Optional.of(recovered("INSERT INTO audit.loads SELECT 1")), Optional.empty(),
            Optional.empty()));
    LegacyDag everySixHours = dag(new Schedule.Timedelta(Duration.ofHours(6)),
        task("append_audit", "SQLExecuteQueryOperator", Optional.of(recovered("INSERT INTO audit.loads SELECT 1")), Optional.empty(),
            Optional.empty()));
    Instant cutover = Instant.parse("2024-03-10T14:25:00Z");

    FallbackSchedule cron = FallbackPlan.of(daily, "append_audit", true, List.of(), ZoneOffset.UTC, cutover).job().orElseThrow().schedule();
    FallbackSchedule delta = FallbackPlan.of(everySixHours, "append_audit", true, List.of(), ZoneOffset.UTC, cutover).job().orElseThrow()
        .schedule();

    // the day under way at the cut-over is the first the fallback runs, at its end; the ones before were Airflow's
    assertThat(cron.startDate()).contains(Instant.parse("2024-03-10T00:00:00Z"));
    assertThat(ScheduleConversion.convert(cron).intervalFor(Instant.parse("2024-03-11T00:00:00Z")))
        .isEqualTo(new DataInterval(Instant.parse("2024-03-10T00:00:00Z"), Instant.parse("2024-03-11T00:00:00Z")));
    // a timedelta keeps its anchor: intervals of six hours from the start date
    assertThat(delta.startDate()).contains(Instant.parse("2024-03-10T12:00:00Z"));
    assertThat(FallbackPlan.of(dag(new Schedule.Preset("@once"), task("append_audit", "SQLExecuteQueryOperator",
        Optional.of(recovered("INSERT INTO audit.loads SELECT 1")), Optional.empty(), Optional.empty())), "append_audit", true, List.of(),
        ZoneOffset.UTC, cutover).reason()).contains("DAG ops runs @once, at 2024-01-01T00:00:00Z, which has passed: Airflow ran it");
  }

  private static final Map<String, HttpConnection> CONNECTIONS = Map.of("finance_api", new HttpConnection(
      URI.create("https://finance.internal/api"), Map.of("Accept", "application/json"), Map.of("Authorization", "FINANCE_API_AUTH")));

  @Test
  void anHttpOperatorsRequestIsSentThroughTheGatewaysConnectionOfItsConnId() {
    LegacyDag dag = dag(new Schedule.Preset("@daily"), httpTask("post_report", new HttpRequest(Optional.of("finance_api"), "put",
        Optional.of(recovered("v1/reports/{{ ds }}")), Optional.of(recovered("{\"day\": \"{{ ds }}\"}")),
        Map.of("Content-Type", "application/json"), List.of()), Optional.of(Duration.ofMinutes(5))));

    FallbackPlan plan = FallbackPlan.of(dag, "post_report", false, List.of(), ZoneOffset.UTC, START, CONNECTIONS);

    FallbackAction.HttpCall call = (FallbackAction.HttpCall) plan.job().orElseThrow().action();
    assertThat(plan.reason()).isEmpty();
    assertThat(call.method()).isEqualTo("PUT");
    assertThat(call.url()).isEqualTo("https://finance.internal/api/v1/reports/{{ ds }}");
    assertThat(call.headers()).isEqualTo(Map.of("Accept", "application/json", "Content-Type", "application/json"));
    assertThat(call.secretHeaders()).isEqualTo(Map.of("Authorization", "FINANCE_API_AUTH"));
    assertThat(call.body()).contains("{\"day\": \"{{ ds }}\"}");
    assertThat(call.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(call.accepts(204)).isTrue();
    assertThat(call.accepts(404)).isFalse();
  }

  @Test
  void aGetSendsItsDataAsTheQueryAsAirflowsHttpHookDoes() {
    LegacyDag dag = dag(new Schedule.Preset("@daily"), httpTask("poll", new HttpRequest(Optional.of("finance_api"), "GET",
        Optional.of(recovered("/status")), Optional.of(recovered("day={{ ds }}")), Map.of(), List.of()), Optional.empty()));

    FallbackAction.HttpCall call = (FallbackAction.HttpCall) FallbackPlan.of(dag, "poll", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS)
        .job().orElseThrow().action();

    assertThat(call.url()).isEqualTo("https://finance.internal/api/status?day={{ ds }}");
    assertThat(call.body()).isEmpty();
    assertThat(call.method()).isEqualTo("GET");
  }

  @Test
  void anHttpRequestTheFallbackCannotSendStaysInAirflowWithTheReason() {
    HttpRequest ping = new HttpRequest(Optional.of("http_default"), "POST", Optional.of(recovered("/ping")), Optional.empty(), Map.of(),
        List.of());
    LegacyDag dag = dag(new Schedule.Preset("@daily"),
        httpTask("unknown_connection", ping, Optional.empty()),
        httpTask("checked", new HttpRequest(Optional.of("finance_api"), "POST", Optional.empty(), Optional.empty(), Map.of(),
            List.of("response_check: HttpOperator(…) at line 3 passes a Python callable, which the gateway cannot run")), Optional.empty()),
        httpTask("lost_endpoint", new HttpRequest(Optional.of("finance_api"), "POST", Optional.of(new SqlUnavailable("an f-string")),
            Optional.empty(), Map.of(), List.of()), Optional.empty()),
        httpTask("tomorrow", new HttpRequest(Optional.of("finance_api"), "POST", Optional.of(recovered("/day/{{ macros.ds_add(ds, 1) }}")),
            Optional.empty(), Map.of(), List.of()), Optional.empty()),
        httpTask("inline_token", new HttpRequest(Optional.of("finance_api"), "POST", Optional.empty(), Optional.empty(),
            Map.of("X-Api-Key", "k"), List.of()), Optional.empty()));

    assertThat(FallbackPlan.of(dag, "unknown_connection", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS).reason())
        .contains("HttpOperator unknown_connection: its connection 'http_default' is not one of the gateway's HTTP connections"
            + " (fallback.httpConnections: [finance_api])");
    assertThat(FallbackPlan.of(dag, "unknown_connection", true, List.of(), ZoneOffset.UTC, START).reason())
        .contains("HttpOperator unknown_connection: its connection 'http_default' is not one of the gateway's HTTP connections"
            + " (fallback.httpConnections: none)");
    assertThat(FallbackPlan.of(dag, "checked", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS).reason())
        .contains("HttpOperator checked: the fallback cannot reproduce its request: response_check: HttpOperator(…) at line 3 passes a"
            + " Python callable, which the gateway cannot run");
    assertThat(FallbackPlan.of(dag, "lost_endpoint", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS).reason())
        .contains("HttpOperator lost_endpoint: its endpoint was not recovered");
    assertThat(FallbackPlan.of(dag, "tomorrow", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS).reason().orElseThrow())
        .startsWith("HttpOperator tomorrow: its endpoint uses the template {{ macros.ds_add(ds, 1) }}, which the fallback does not render");
    assertThat(FallbackPlan.of(dag, "inline_token", true, List.of(), ZoneOffset.UTC, START, CONNECTIONS).reason().orElseThrow())
        .startsWith("HttpOperator inline_token: Invalid HTTP action: header 'X-Api-Key' carries credentials");
  }

  @Test
  void aConnectionNeedsAnAbsoluteUrlWithoutQuery() {
    assertThatThrownBy(() -> HttpConnection.fromYaml(URI.create("/relative"), null, null))
        .hasMessage("Invalid HTTP connection: url '/relative' is not an absolute http or https URL");
    assertThatThrownBy(() -> HttpConnection.fromYaml(URI.create("https://api.example.com/v1?key=1"), null, null))
        .hasMessageStartingWith("Invalid HTTP connection: url 'https://api.example.com/v1?key=1' has a query");
    assertThatThrownBy(() -> HttpConnection.fromYaml(null, null, null)).hasMessage("Invalid HTTP connection: url is required");
  }

  private static LegacyTask httpTask(String id, HttpRequest http, Optional<Duration> timeout) {
    return new LegacyTask(id, "HttpOperator", "airflow.providers.http.operators.http", List.of(), "all_success", 0, Optional.empty(),
        Optional.empty(), timeout, List.of("endpoint", "data", "headers"), Optional.empty(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), Optional.empty(), Optional.of(http));
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
