package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jobs as the job store keeps them, and the rules that keep secrets out of them. */
class FallbackJobCodecTest {

  private final JobCodec codec = new JobCodec();

  @Test
  void everyKindOfJobRoundTrips() {
    FallbackSchedule cron = new FallbackSchedule("ecommerce_daily", new Schedule.Cron("0 6 * * 1-5", ZoneId.of("Europe/Berlin")),
        ZoneOffset.UTC, Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.of(Instant.parse("2025-01-01T00:00:00Z")), true);
    FallbackSchedule delta = new FallbackSchedule("ecommerce_daily", new Schedule.Timedelta(Duration.ofMinutes(90)),
        ZoneId.of("America/New_York"), Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), false);
    List<FallbackJob> jobs = List.of(
        job(cron, new FallbackAction.ShellCommand("echo {{ ds }}", Map.of("TARGET", "prod"), Optional.of(Path.of("/srv/jobs")), Duration.ofMinutes(5))),
        job(delta, new FallbackAction.ShellCommand("true", Map.of(), Optional.empty(), Duration.ofSeconds(1))),
        job(cron, new FallbackAction.TrinoSql("DELETE FROM t WHERE day = DATE '{{ ds }}'", Duration.ofMinutes(30))),
        job(cron, new FallbackAction.TrinoSql(List.of("DELETE FROM t WHERE day = DATE '{{ ds }}'",
            "INSERT INTO t SELECT * FROM s WHERE day = DATE '{{ ds }}'"), Duration.ofMinutes(30))),
        job(delta, new FallbackAction.HttpCall("post", "https://chat.example.com/hooks/finance", Map.of("Content-Type", "application/json"),
            Map.of("Authorization", "CHAT_TOKEN"), Optional.of("{\"day\": \"{{ ds }}\"}"), Set.of(200, 202), Duration.ofSeconds(30))),
        job(cron, new FallbackAction.AirflowDagRun("production", "customer_segments", Map.of("source", "gateway"),
            Duration.ofHours(1), Duration.ofSeconds(30))));

    for (FallbackJob job : jobs) {
      assertThat(codec.read(codec.write(job))).isEqualTo(job);
    }
  }

  @Test
  void aTrinoSqlJobStoredWithOneStatementIsReadAsOneStatement() {
    FallbackSchedule daily = new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"), ZoneOffset.UTC,
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true);
    FallbackJob job = job(daily, new FallbackAction.TrinoSql(List.of("DELETE FROM t", "INSERT INTO t SELECT 1"), Duration.ofMinutes(5)));
    String stored = codec.write(job);
    assertThat(stored).contains("\"statements\":[\"DELETE FROM t\",\"INSERT INTO t SELECT 1\"]");

    String earlier = stored.replace("\"statements\":[\"DELETE FROM t\",\"INSERT INTO t SELECT 1\"]", "\"sql\":\"DELETE FROM t\"");
    assertThat(codec.read(earlier).action()).isEqualTo(new FallbackAction.TrinoSql("DELETE FROM t", Duration.ofMinutes(5)));
  }

  @Test
  void credentialsInPlainHeadersAreRefusedSoTheyNeverReachTheStore() {
    assertThatThrownBy(() -> new FallbackAction.HttpCall("GET", "https://example.com", Map.of("authorization", "Bearer abc"),
        Map.of(), Optional.empty(), Set.of(), Duration.ofSeconds(5)))
        .hasMessage("Invalid HTTP action: header 'authorization' carries credentials;"
            + " name the environment variable that holds it in secretHeaders instead");
  }

  @Test
  void aStoredSecretHeaderIsOnlyTheNameOfItsVariable() {
    FallbackJob job = job(new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"), ZoneOffset.UTC,
            Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true),
        new FallbackAction.HttpCall("GET", "https://example.com", Map.of(), Map.of("Authorization", "CHAT_TOKEN"),
            Optional.empty(), Set.of(), Duration.ofSeconds(5)));

    assertThat(codec.write(job)).contains("\"Authorization\":\"CHAT_TOKEN\"");
  }

  @Test
  void anHttpUrlKeepsItsMacrosAsTheTemplateTheRunRenders() {
    FallbackSchedule daily = new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"), ZoneOffset.UTC,
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true);
    FallbackJob job = job(daily, new FallbackAction.HttpCall("PUT", "https://finance.internal/api/v1/reports/{{ ds }}?at={{ ts }}",
        Map.of(), Map.of(), Optional.empty(), Set.of(), Duration.ofSeconds(5)));
    String stored = codec.write(job);
    assertThat(stored).contains("\"url\":\"https://finance.internal/api/v1/reports/{{ ds }}?at={{ ts }}\"");
    assertThat(codec.read(stored)).isEqualTo(job);

    String earlier = stored.replace("{{ ds }}", "%7B%7B%20ds%20%7D%7D").replace("{{ ts }}", "%7B%7B%20ts%20%7D%7D");
    assertThat(((FallbackAction.HttpCall) codec.read(earlier).action()).url())
        .isEqualTo("https://finance.internal/api/v1/reports/{{ ds }}?at={{ ts }}");
  }

  @Test
  void anHttpUrlThatIsNoUrlOnceRenderedIsRefused() {
    assertThatThrownBy(() -> new FallbackAction.HttpCall("GET", "/reports/{{ ds }}", Map.of(), Map.of(), Optional.empty(), Set.of(),
        Duration.ofSeconds(5)))
        .hasMessage("Invalid HTTP action: URL '/reports/{{ ds }}' is not an absolute http or https URL");
    assertThatThrownBy(() -> new FallbackAction.HttpCall("GET", "https://example.com/{{ macros.ds_add(ds, 1) }}", Map.of(), Map.of(),
        Optional.empty(), Set.of(), Duration.ofSeconds(5)))
        .hasMessageStartingWith("Invalid HTTP action: URL 'https://example.com/{{ macros.ds_add(ds, 1) }}' is not a valid URL: ");
  }

  @Test
  void aJobOfAnotherDagsScheduleIsRefused() {
    FallbackSchedule other = new FallbackSchedule("customer_segments", new Schedule.Preset("@daily"), ZoneOffset.UTC,
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true);
    assertThatThrownBy(() -> job(other, new FallbackAction.TrinoSql("SELECT 1", Duration.ofSeconds(1))))
        .hasMessage("Invalid fallback job ecommerce_daily.notify_finance: its schedule belongs to DAG 'customer_segments'");
  }

  @Test
  void aJobForAnImportedTaskRunsOnItsDagsScheduleAndRefusesUnknownTasks() {
    LegacyTask notify = new LegacyTask("notify_finance", "PythonOperator", "airflow.providers.standard.operators.python",
        List.of(), "all_success", 1, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty());
    LegacyDag dag = new LegacyDag("ecommerce_daily", Optional.empty(), Optional.empty(), List.of("finance"), List.of(), false,
        new Schedule.Preset("@daily"), Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true,
        Optional.empty(), Map.of(), List.of(notify), List.of(), List.of());
    FallbackAction action = new FallbackAction.ShellCommand("python3 notify.py {{ ds }}", Map.of(), Optional.empty(), Duration.ofMinutes(5));

    FallbackJob job = FallbackJob.forTask(dag, "notify_finance", ZoneId.of("Europe/Berlin"), action, List.of());

    assertThat(job.key()).isEqualTo(new FallbackJobKey("ecommerce_daily", "notify_finance"));
    assertThat(job.schedule()).isEqualTo(new FallbackSchedule("ecommerce_daily", new Schedule.Preset("@daily"), ZoneId.of("Europe/Berlin"),
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true));
    assertThatThrownBy(() -> FallbackJob.forTask(dag, "no_such_task", ZoneOffset.UTC, action, List.of()))
        .hasMessage("DAG 'ecommerce_daily' has no task 'no_such_task'");
  }

  private static FallbackJob job(FallbackSchedule schedule, FallbackAction action) {
    return new FallbackJob(new FallbackJobKey("ecommerce_daily", "notify_finance"), schedule, action, List.of("analytics.finance_notices"));
  }
}
