package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.Bridges;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.model.HttpRequest;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.Migrations;
import io.dataflow.gateway.server.fallback.FallbackAction;
import io.dataflow.gateway.server.fallback.FallbackJob;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import io.dataflow.gateway.server.fallback.FallbackOutcome;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import io.dataflow.gateway.server.fallback.FallbackPlan;
import io.dataflow.gateway.server.fallback.FallbackResources;
import io.dataflow.gateway.server.fallback.FallbackRun;
import io.dataflow.gateway.server.fallback.FallbackSchedule;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import io.dataflow.gateway.server.fallback.FallbackSettings;
import io.dataflow.gateway.server.fallback.HttpConnection;
import io.dataflow.gateway.server.fallback.ScheduledFallbackJob;
import io.dataflow.gateway.server.fallback.UnsupportedScheduleException;
import io.dataflow.gateway.trino.TrinoClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Quartz fallback on the gateway's real PostgreSQL (a database of its own, migrated like the
 * gateway's) and its real Trino, with WireMock standing in for an HTTP endpoint and for Airflow.
 * Firings happen on the wall clock, so each test waits for the runs it expects, with a deadline.
 */
class FallbackSchedulerIT {

  private static final String DAG = "fallback_it";
  private static final String SECRET_TOKEN = "Bearer s3cr3t-chat-token";
  private static final String AIRFLOW_PASSWORD = "airflow-pa55word";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final DateTimeFormatter TS_NODASH = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private static HikariDataSource dataSource;
  private static WireMockServer wiremock;
  private static TrinoClient trino;
  private static FallbackScheduler scheduler;
  private static final List<FallbackOutcome> OUTCOMES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startScheduler() throws SQLException {
    SharedGateway gateway = SharedGateway.get();
    try (Connection postgres = gateway.postgres("postgres"); Statement sql = postgres.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS fallback_it");
      sql.execute("CREATE DATABASE fallback_it");
    }
    String url = gateway.databaseUrl();
    url = url.substring(0, url.lastIndexOf('/') + 1) + "fallback_it";
    Migrations.migrate(new Database(url, "postgres", "", false));
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("fallback-it");
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(8);
    dataSource = new HikariDataSource(pool);
    wiremock = new WireMockServer(wireMockConfig().dynamicPort());
    wiremock.start();
    trino = new TrinoClient(gateway.trinoJdbcUrl(), "fallback-it", 2, Map.of());
    scheduler = newScheduler();
    scheduler.start();
  }

  @AfterAll
  static void stopScheduler() {
    if (scheduler != null) {
      scheduler.stop();
    }
    if (trino != null) {
      trino.close();
    }
    if (wiremock != null) {
      wiremock.stop();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private static FallbackScheduler newScheduler() {
    AirflowBridge airflow = Bridges.live(AirflowConnection.of(URI.create(wiremock.baseUrl()), AirflowVersion.AIRFLOW_2,
        new Authentication.Basic("admin", AIRFLOW_PASSWORD)));
    FallbackResources resources = new FallbackResources(() -> trino, Map.of("production", airflow),
        name -> Optional.ofNullable(Map.of("CHAT_TOKEN", SECRET_TOKEN).get(name)));
    FallbackOutcomeListener recorder = new FallbackOutcomeListener() {
      @Override
      public void succeeded(FallbackOutcome outcome) {
        OUTCOMES.add(outcome);
      }

      @Override
      public void failed(FallbackOutcome outcome) {
        OUTCOMES.add(outcome);
      }
    };
    return new FallbackScheduler("fallback-it", new FallbackSettings(2, Duration.ofSeconds(2), Duration.ofSeconds(60), 4096),
        dataSource, resources, recorder);
  }

  @Test
  void aShellTaskOnAFastScheduleRunsAndItsOutputIsRecorded() {
    FallbackJob job = job("every_second", everySecond(),
        shell("echo \"day={{ ds }} dag=$AIRFLOW_CTX_DAG_ID task=$AIRFLOW_CTX_TASK_ID target=$TARGET\"; echo warning >&2", Duration.ofSeconds(20)),
        List.of("analytics.every_second"));
    scheduler.schedule(job);

    List<FallbackRun> runs = await(job.key(), all -> all.stream().filter(r -> r.state() == FallbackRun.State.SUCCEEDED).count() >= 2);
    scheduler.unschedule(job.key());

    FallbackRun run = runs.stream().filter(r -> r.state() == FallbackRun.State.SUCCEEDED).findFirst().orElseThrow();
    String day = run.logicalDate().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    assertThat(run.output()).isEqualTo("day=" + day + " dag=" + DAG + " task=every_second target=staging\nwarning\n");
    assertThat(run.exitCode()).contains(0);
    assertThat(run.kind()).isEqualTo("shell");
    assertThat(run.error()).isEmpty();
    // a run fires at the end of its one-second interval
    assertThat(Duration.between(run.interval().start(), run.interval().end())).isEqualTo(Duration.ofSeconds(1));
    assertThat(run.scheduledAt()).isEqualTo(run.interval().end());
    assertThat(run.startedAt()).isAfterOrEqualTo(run.scheduledAt());
    assertThat(run.finishedAt()).hasValueSatisfying(finished -> assertThat(finished).isAfterOrEqualTo(run.startedAt()));
    assertThat(run.instanceId()).isEqualTo(scheduler.instanceId());
    assertThat(OUTCOMES).anySatisfy(outcome -> {
      assertThat(outcome.runId()).isEqualTo(run.runId());
      assertThat(outcome.succeeded()).isTrue();
      assertThat(outcome.outputs()).containsExactly("analytics.every_second");
      assertThat(outcome.interval()).isEqualTo(run.interval());
    });
    assertThat(scheduler.list()).noneMatch(scheduled -> scheduled.job().key().equals(job.key()));
  }

  @Test
  void theScheduleSurvivesARestartOfTheScheduler() {
    FallbackJob job = job("survivor", everySecond(), shell("echo alive", Duration.ofSeconds(20)), List.of());
    scheduler.schedule(job);
    await(job.key(), runs -> !runs.isEmpty());

    scheduler.stop();
    Instant restarted = Instant.now();
    scheduler = newScheduler();
    scheduler.start();

    assertThat(scheduler.list()).extracting(ScheduledFallbackJob::job).contains(job);
    List<FallbackRun> runs = await(job.key(), all -> all.stream()
        .anyMatch(r -> r.state() == FallbackRun.State.SUCCEEDED && r.startedAt().isAfter(restarted)));
    scheduler.unschedule(job.key());
    assertThat(runs.getFirst().instanceId()).isEqualTo(scheduler.instanceId());
    assertThat(runs).extracting(FallbackRun::logicalDate).doesNotHaveDuplicates();
  }

  @Test
  void aFailingCommandIsRecordedFailedWithItsExitCodeAndOutput() {
    FallbackJob job = job("fails", onceNow(), shell("echo about to fail; echo 'no such table' >&2; exit 3", Duration.ofSeconds(20)),
        List.of("analytics.fails"));
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).isEqualTo(FallbackRun.State.FAILED);
    assertThat(run.exitCode()).contains(3);
    assertThat(run.output()).isEqualTo("about to fail\nno such table\n");
    assertThat(run.error()).contains("The command exited with code 3");
    assertThat(OUTCOMES).anySatisfy(outcome -> {
      assertThat(outcome.runId()).isEqualTo(run.runId());
      assertThat(outcome.succeeded()).isFalse();
      assertThat(outcome.error()).contains("The command exited with code 3");
      assertThat(outcome.outputs()).containsExactly("analytics.fails");
    });
  }

  @Test
  void aTimeoutKillsTheCommandAndIsRecorded() {
    FallbackJob job = job("too_slow", onceNow(), shell("echo started; sleep 60; echo finished", Duration.ofSeconds(2)), List.of());
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).isEqualTo(FallbackRun.State.FAILED);
    assertThat(run.error()).contains("timed out after PT2S; the command and its child processes were killed");
    assertThat(run.output()).isEqualTo("started\n");
    assertThat(run.exitCode()).hasValueSatisfying(code -> assertThat(code).isNotZero());
    assertThat(Duration.between(run.startedAt(), run.finishedAt().orElseThrow())).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void anHttpRequestRecordsItsStatusAndFailsOnAnUnexpectedOne() throws SQLException {
    wiremock.stubFor(post(urlPathEqualTo("/hooks/finance")).willReturn(aResponse().withStatus(202).withBody("queued for #finance")));
    wiremock.stubFor(get(urlPathEqualTo("/hooks/broken")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
    FallbackJob notify = job("notify_finance", onceNow(), new FallbackAction.HttpCall("POST",
        wiremock.baseUrl() + "/hooks/finance", Map.of("Content-Type", "application/json"), Map.of("Authorization", "CHAT_TOKEN"),
        Optional.of("{\"day\": \"{{ ds }}\"}"), Set.of(200, 202), Duration.ofSeconds(10)), List.of());
    FallbackJob broken = job("broken_hook", onceNow(), new FallbackAction.HttpCall("GET",
        wiremock.baseUrl() + "/hooks/broken?token=abc", Map.of(), Map.of(), Optional.empty(), Set.of(), Duration.ofSeconds(10)), List.of());
    scheduler.schedule(notify);
    scheduler.schedule(broken);

    FallbackRun sent = finished(notify.key());
    assertThat(sent.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(sent.exitCode()).contains(202);
    assertThat(sent.output()).isEqualTo("queued for #finance");
    String day = sent.logicalDate().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    wiremock.verify(postRequestedFor(urlPathEqualTo("/hooks/finance"))
        .withHeader("Authorization", equalTo(SECRET_TOKEN))
        .withRequestBody(equalToJson("{\"day\": \"" + day + "\"}")));

    FallbackRun refused = finished(broken.key());
    assertThat(refused.state()).isEqualTo(FallbackRun.State.FAILED);
    assertThat(refused.exitCode()).contains(503);
    assertThat(refused.output()).isEqualTo("maintenance");
    assertThat(refused.error()).contains("GET " + wiremock.baseUrl() + "/hooks/broken answered HTTP 503, expected a 2xx status");

    assertThat(storedText()).doesNotContain("s3cr3t-chat-token").contains("CHAT_TOKEN");
  }

  @Test
  void anImportedHttpOperatorIsSentThroughTheGatewaysConnectionOfItsConnId() throws SQLException {
    wiremock.stubFor(put(urlPathMatching("/finance/v1/reports/.*")).willReturn(aResponse().withStatus(204)));
    HttpRequest request = new HttpRequest(Optional.of("finance_api"), "PUT",
        Optional.of(new RecoveredSql(List.of("v1/reports/{{ ds }}"), SqlOrigin.DE_RENDERED, 0.75, 3)),
        Optional.of(new RecoveredSql(List.of("{\"day\": \"{{ ds }}\"}"), SqlOrigin.DAG_SOURCE, 1.0, 1)),
        Map.of("Content-Type", "application/json"), List.of());
    LegacyTask task = new LegacyTask("post_report", "HttpOperator", "airflow.providers.http.operators.http", List.of(), "all_success", 0,
        Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(10)), List.of("endpoint", "data", "headers"), Optional.empty(),
        Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.of(request));
    LegacyDag dag = new LegacyDag(DAG, Optional.empty(), Optional.empty(), List.of("finance"), List.of(), false, new Schedule.Preset("@daily"),
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), false, Optional.empty(), Map.of(), List.of(task), List.of(),
        List.of());
    Map<String, HttpConnection> connections = Map.of("finance_api",
        new HttpConnection(URI.create(wiremock.baseUrl() + "/finance"), Map.of("Accept", "application/json"), Map.of("Authorization", "CHAT_TOKEN")));
    FallbackPlan plan = FallbackPlan.of(dag, "post_report", false, List.of(), ZoneOffset.UTC, Instant.now(), connections);
    FallbackJob job = job("post_report", onceNow(), plan.job().orElseThrow().action(), List.of());
    scheduler.schedule(job);

    FallbackRun sent = finished(job.key());

    assertThat(sent.state()).as(sent.error().orElse("")).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(sent.kind()).isEqualTo("http");
    assertThat(sent.exitCode()).contains(204);
    String day = sent.logicalDate().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    wiremock.verify(1, putRequestedFor(urlPathEqualTo("/finance/v1/reports/" + day))
        .withHeader("Authorization", equalTo(SECRET_TOKEN))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("{\"day\": \"" + day + "\"}")));
    assertThat(storedText()).doesNotContain("s3cr3t-chat-token");
  }

  @Test
  void anAirflowDagRunIsTriggeredAndAwaited() throws SQLException {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String runId = "gateway_fallback__" + TS_NODASH.format(start);
    String runs = "/api/v1/dags/customer_segments/dagRuns";
    wiremock.stubFor(post(urlPathEqualTo(runs)).willReturn(okJson(runDocument("customer_segments", runId, start, "queued"))));
    wiremock.stubFor(get(urlPathEqualTo(runs + "/" + runId)).inScenario("airflow-run").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("ran").willReturn(okJson(runDocument("customer_segments", runId, start, "running"))));
    wiremock.stubFor(get(urlPathEqualTo(runs + "/" + runId)).inScenario("airflow-run").whenScenarioStateIs("ran")
        .willReturn(okJson(runDocument("customer_segments", runId, start, "success"))));
    FallbackJob job = new FallbackJob(new FallbackJobKey(DAG, "segments_in_airflow"), once(start),
        new FallbackAction.AirflowDagRun("production", "customer_segments", Map.of("day", "{{ ds }}"), Duration.ofSeconds(30),
            Duration.ofMillis(200)), List.of("analytics.customer_segments"));
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(run.externalId()).contains(runId);
    assertThat(run.output()).isEqualTo("Airflow run " + runId + " of DAG customer_segments ended success\n");
    wiremock.verify(postRequestedFor(urlPathEqualTo(runs))
        .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("admin", AIRFLOW_PASSWORD))
        .withRequestBody(matchingJsonPath("$.dag_run_id", equalTo(runId)))
        .withRequestBody(matchingJsonPath("$.conf.day", equalTo(start.atOffset(ZoneOffset.UTC).toLocalDate().toString()))));
    assertThat(storedText()).doesNotContain(AIRFLOW_PASSWORD);
  }

  @Test
  void aFailedAirflowRunFailsTheFallbackRun() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String runId = "gateway_fallback__" + TS_NODASH.format(start);
    String runs = "/api/v1/dags/ops_maintenance/dagRuns";
    wiremock.stubFor(post(urlPathEqualTo(runs)).willReturn(okJson(runDocument("ops_maintenance", runId, start, "queued"))));
    wiremock.stubFor(get(urlPathEqualTo(runs + "/" + runId)).willReturn(okJson(runDocument("ops_maintenance", runId, start, "failed"))));
    FallbackJob job = new FallbackJob(new FallbackJobKey(DAG, "maintenance_in_airflow"), once(start),
        new FallbackAction.AirflowDagRun("production", "ops_maintenance", Map.of(), Duration.ofSeconds(30), Duration.ofMillis(200)),
        List.of());
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).isEqualTo(FallbackRun.State.FAILED);
    assertThat(run.error()).contains("Airflow run " + runId + " of DAG ops_maintenance failed");
  }

  @Test
  void opaqueSqlRunsAsItIsOnTrino() {
    FallbackJob job = job("opaque_sql", onceNow(), new FallbackAction.TrinoSql("SELECT DATE '{{ ds }}' AS day", Duration.ofSeconds(60)), List.of());
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(run.output()).isEqualTo("day\n" + run.logicalDate().atOffset(ZoneOffset.UTC).toLocalDate() + "\n(1 rows)\n");
    assertThat(run.externalId()).isPresent();
  }

  @Test
  void opaqueSqlOfSeveralStatementsRunsThemInTurnAndAFailedOneEndsTheRunNamingIt() throws Exception {
    SharedGateway.get().trinoExecute("CREATE SCHEMA IF NOT EXISTS iceberg.fallback_sql",
        "CREATE TABLE iceberg.fallback_sql.loads (day DATE, note VARCHAR)",
        "INSERT INTO iceberg.fallback_sql.loads VALUES (DATE '2000-01-01', 'kept')");
    FallbackJob job = job("delete_insert", onceNow(), new FallbackAction.TrinoSql(List.of(
        "DELETE FROM iceberg.fallback_sql.loads WHERE day = DATE '{{ ds }}'",
        "INSERT INTO iceberg.fallback_sql.loads VALUES (DATE '{{ ds }}', 'loaded')"), Duration.ofSeconds(60)), List.of());
    scheduler.schedule(job);

    FallbackRun run = finished(job.key());
    assertThat(run.state()).as(run.error().orElse("")).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(run.output()).startsWith("-- statement 1 of 2\n").endsWith("-- statement 2 of 2\nupdated 1 rows\n");
    String day = run.logicalDate().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    assertThat(SharedGateway.get().trinoLong("SELECT count(*) FROM iceberg.fallback_sql.loads WHERE day = DATE '" + day + "' AND note = 'loaded'"))
        .isEqualTo(1);

    FallbackJob failing = job("insert_then_fail", onceNow(), new FallbackAction.TrinoSql(List.of(
        "INSERT INTO iceberg.fallback_sql.loads VALUES (DATE '{{ ds }}', 'second')",
        "INSERT INTO iceberg.fallback_sql.no_such_table VALUES (1)",
        "INSERT INTO iceberg.fallback_sql.loads VALUES (DATE '{{ ds }}', 'never')"), Duration.ofSeconds(60)), List.of());
    scheduler.schedule(failing);

    FallbackRun failed = finished(failing.key());
    assertThat(failed.state()).isEqualTo(FallbackRun.State.FAILED);
    assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error)
        .startsWith("statement 2 of 3 failed (the 1 before it ran and stay applied): ").contains("no_such_table"));
    assertThat(SharedGateway.get().trinoLong("SELECT count(*) FROM iceberg.fallback_sql.loads WHERE note = 'never'")).isZero();
    assertThat(SharedGateway.get().trinoLong("SELECT count(*) FROM iceberg.fallback_sql.loads WHERE note = 'kept'")).isEqualTo(1);
  }

  @Test
  void aDatasetTriggeredDagIsRefusedAndNothingIsScheduled() {
    FallbackSchedule triggered = new FallbackSchedule(DAG, new Schedule.DatasetTriggered("s3://lake/transactions"), ZoneOffset.UTC,
        Optional.of(Instant.now()), Optional.empty(), true);
    FallbackJob job = new FallbackJob(new FallbackJobKey(DAG, "by_dataset"), triggered, shell("true", Duration.ofSeconds(5)), List.of());

    assertThatThrownBy(() -> scheduler.schedule(job)).isInstanceOf(UnsupportedScheduleException.class)
        .hasMessageContaining("Cannot schedule DAG 'fallback_it' in the fallback: it runs when datasets are updated");
    assertThat(scheduler.list()).noneMatch(scheduled -> scheduled.job().key().equals(job.key()));
  }

  // ---- fixtures

  private static FallbackJob job(String taskId, FallbackSchedule schedule, FallbackAction action, List<String> outputs) {
    return new FallbackJob(new FallbackJobKey(DAG, taskId), schedule, action, outputs);
  }

  private static FallbackAction.ShellCommand shell(String command, Duration timeout) {
    return new FallbackAction.ShellCommand(command, Map.of("TARGET", "staging"), Optional.empty(), timeout);
  }

  /** A one-second timedelta from now, catchup off. */
  private static FallbackSchedule everySecond() {
    return new FallbackSchedule(DAG, new Schedule.Timedelta(Duration.ofSeconds(1)), ZoneOffset.UTC,
        Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS)), Optional.empty(), false);
  }

  private static FallbackSchedule onceNow() {
    return once(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static FallbackSchedule once(Instant at) {
    return new FallbackSchedule(DAG, new Schedule.Preset("@once"), ZoneOffset.UTC, Optional.of(at), Optional.empty(), false);
  }

  /** The job's runs once {@code done} holds of them; fails the test after {@link #PATIENCE}. */
  private static List<FallbackRun> await(FallbackJobKey key, Predicate<List<FallbackRun>> done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      List<FallbackRun> runs = scheduler.runs(key);
      if (done.test(runs)) {
        return runs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Fallback job " + key + " did not get the expected runs within " + PATIENCE + "; it has " + runs);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** The single run of a job, once it has finished. */
  private static FallbackRun finished(FallbackJobKey key) {
    return await(key, runs -> runs.size() == 1 && runs.getFirst().finishedAt().isPresent()).getFirst();
  }

  /** Everything the fallback wrote to the database as text: the job store and the runs. */
  private static String storedText() throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      try (ResultSet rows = sql.executeQuery("SELECT convert_from(job_data, 'UTF8') FROM qrtz_job_details")) {
        while (rows.next()) {
          text.append(rows.getString(1)).append('\n');
        }
      }
      try (ResultSet rows = sql.executeQuery("SELECT fallback_runs::text FROM fallback_runs")) {
        while (rows.next()) {
          text.append(rows.getString(1)).append('\n');
        }
      }
    }
    return text.toString();
  }

  /** A DAG run document as Airflow 2 answers it, from the fixtures, for the given run and state. */
  private static String runDocument(String dagId, String runId, Instant logicalDate, String state) {
    try (InputStream in = FallbackSchedulerIT.class.getResourceAsStream("/airflow/v1/dags/ecommerce_daily/dagRuns.json")) {
      ObjectNode run = (ObjectNode) new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .get("dag_runs").get(0).deepCopy();
      String date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(logicalDate.atOffset(ZoneOffset.UTC)).replace("Z", "+00:00");
      run.put("dag_id", dagId).put("dag_run_id", runId).put("state", state).put("run_type", "manual").put("logical_date", date)
          .put("execution_date", date).putNull("end_date");
      if ("queued".equals(state)) {
        run.putNull("start_date");
      }
      return run.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
