package io.dataflow.gateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.change.ImportBaseline;
import io.dataflow.gateway.importer.change.ImportComparison;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every case of the model survives the {@code --json} file, and reads well in the report. */
class ModelJsonAndReportTest {

  @TempDir Path dir;

  private static LegacyTask task(String id, Optional<SqlTemplate> sql) {
    return new LegacyTask(id, "SQLExecuteQueryOperator", "airflow.providers.common.sql.operators.sql", List.of(),
        "all_success", 1, Optional.of(Duration.ofMinutes(5)), Optional.empty(), Optional.of(Duration.ofHours(1)),
        List.of("sql"), Optional.of("trino_default"), Optional.empty(), List.of(), List.of("s3://lake/out"), sql, Optional.empty());
  }

  private static LegacyDag dag(String id, Schedule schedule, LegacyTask... tasks) {
    return new LegacyDag(id, Optional.of("/dags/" + id + ".py"), Optional.empty(), List.of("data-eng"), List.of("x"),
        false, schedule, Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), true, Optional.of(1),
        Map.of("p", "\"v\""), List.of(tasks), List.of(), List.of());
  }

  private static final List<Schedule> SCHEDULES = List.of(
      new Schedule.Cron("0 3 * * *", ZoneId.of("Europe/Paris")),
      new Schedule.Preset("@hourly"),
      new Schedule.Timedelta(Duration.ofHours(6).plusMinutes(30)),
      new Schedule.DatasetTriggered("all(s3://a, any(s3://b, s3://c))"),
      new Schedule.Timetable("Every weekday at 06:00\nexcept holidays"),
      new Schedule.None());

  private static final List<SqlTemplate> SQL = List.of(
      new RecoveredSql(List.of("SELECT 1", "SELECT 2"), SqlOrigin.DAG_SOURCE, 1.0, 1),
      new RecoveredSql(List.of("SELECT '{{ ds }}'"), SqlOrigin.DE_RENDERED, 0.875, 4),
      new RecoveredSql(List.of("SELECT 42"), SqlOrigin.RENDERED_CONSTANT, 0.5, 2),
      new SqlUnavailable("no literal sql= in the source;\nno rendered runs"));

  @Test
  void everyScheduleAndSqlCaseReadsBackFromTheJsonFile() throws Exception {
    List<LegacyDag> dags = new java.util.ArrayList<>();
    for (int i = 0; i < SCHEDULES.size(); i++) {
      dags.add(dag("dag_" + i, SCHEDULES.get(i), task("with_sql", Optional.of(SQL.get(i % SQL.size()))),
          task("without_sql", Optional.empty())));
    }
    ImportResult result = new ImportResult(dags, List.of(new ImportFailure("broken", "tasks[0].retries", "not a number")));
    Path file = dir.resolve("nested/dags.json");

    ModelJson.write(file, ModelJson.ImportedModel.of("Airflow 2 at https://airflow", Launcher.NOW, result), "--json");

    ModelJson.ImportedModel read = ModelJson.MAPPER.readValue(file.toFile(), ModelJson.ImportedModel.class);
    assertThat(read.dags()).isEqualTo(result.dags());
    assertThat(read.failures()).isEqualTo(result.failures());
    String json = Files.readString(file);
    assertThat(json).contains("\"type\" : \"cron\"", "\"timezone\" : \"Europe/Paris\"", "\"type\" : \"none\"",
        "\"every\" : \"PT6H30M\"", "\"type\" : \"unavailable\"", "\"startDate\" : \"2024-01-01T00:00:00Z\"",
        "\"endDate\" : null", "\"importedAt\" : \"2026-11-21T12:00:00Z\"");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void aBaselineReadsBackAndComparesUnchanged() {
    ImportResult result = new ImportResult(List.of(dag("a", new Schedule.None(), task("t", Optional.empty()))), List.of());
    Path file = dir.resolve("baseline.json");

    ModelJson.write(file, ImportBaseline.of(result), "--write-baseline");

    ImportBaseline read = ModelJson.readBaseline(file);
    assertThat(read).isEqualTo(ImportBaseline.of(result));
    assertThat(ImportComparison.compare(read, result).summary()).isEqualTo("0 new, 0 changed, 1 unchanged, 0 removed, 0 failed");
  }

  @Test
  void theReportDescribesEachScheduleAndHowEachSqlTemplateWasObtained() {
    assertThat(SCHEDULES.stream().map(ImportReport::schedule)).containsExactly(
        "cron 0 3 * * * (Europe/Paris)",
        "@hourly",
        "every 6h 30min",
        "on updates of all(s3://a, any(s3://b, s3://c))",
        "timetable Every weekday at 06:00 except holidays",
        "none (triggered from outside)");
    assertThat(SQL.stream().map(ImportReport::sql)).containsExactly(
        "SQL from the DAG source, 2 statements",
        "SQL de-rendered from 4 runs, confidence 0.88",
        "SQL rendered the same in 2 runs with no date in it, confidence 0.50",
        "SQL not recovered: no literal sql= in the source; no rendered runs");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImportReport.printImport(new PrintStream(bytes, true, StandardCharsets.UTF_8), "the snapshot s",
        new ImportResult(List.of(dag("a", new Schedule.Preset("@daily"), task("load", Optional.of(SQL.get(3))),
            task("notify", Optional.empty()))), List.of(new ImportFailure("b", "GET /api/v1/dags/b/details", "HTTP 403"))));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
        Imported 1 DAG from the snapshot s, 1 failed

        a: 2 tasks (1 with SQL), schedule @daily
          load (SQLExecuteQueryOperator): SQL not recovered: no literal sql= in the source; no rendered runs

        Not imported:
          b: GET /api/v1/dags/b/details: HTTP 403

        SQL templates: 0 recovered (0 from the DAG source, 0 de-rendered from runs, 0 constant), 1 not recovered
        """);
  }
}
