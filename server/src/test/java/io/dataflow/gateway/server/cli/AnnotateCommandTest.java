package io.dataflow.gateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.annotator.DagAnnotation;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annotate} run through Dropwizard's command line, as the launcher runs it. */
class AnnotateCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA = """
      {"tables": [
        {"name": "raw.transactions",
         "columns": {"txn_id": "BIGINT", "customer_id": "BIGINT", "amount": "DECIMAL(12,2)",
                     "event_time": "TIMESTAMP", "day": "DATE"},
         "partitioned_by": ["day"]},
        {"name": "analytics.daily_customer_totals",
         "columns": {"customer_id": "BIGINT", "day": "DATE", "total": "DECIMAL(18,2)", "txn_count": "BIGINT"},
         "partitioned_by": ["day"]}]}
      """;

  @TempDir Path dir;

  /** What one run printed, and whether it failed (the launcher then exits with status 1). */
  private record Run(boolean succeeded, String out, String err) {}

  private static Run run(String stdin, String... arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream report = new PrintStream(out, true, StandardCharsets.UTF_8);
    Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new Application<>() {
      @Override
      public void run(GatewayConfiguration configuration, Environment environment) {}
    });
    bootstrap.addCommand(new AnnotateCommand(report,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    Cli cli = new Cli(new JarLocation(AnnotateCommandTest.class), bootstrap, out, err);
    boolean succeeded = cli.run(arguments).isEmpty();
    return new Run(succeeded, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void theLauncherHasTheAnnotateCommand() {
    Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new GatewayApplication());
    new GatewayApplication().initialize(bootstrap);

    assertThat(bootstrap.getCommands()).extracting(Command::getName).contains("annotate");
  }

  @Test
  void sqlFromStandardInputWithASchemaIsAnnotatedAsJson() throws IOException {
    Path schema = write("schema.json", SCHEMA);

    Run run = run(EcommerceExample.DAILY_CUSTOMER_TOTALS, "annotate", "--schema", schema.toString());

    assertThat(run.succeeded()).as(run.err()).isTrue();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("mode").asText()).isEqualTo("RESOLVED");
    assertThat(json.get("semantics").asText()).isEqualTo("MAP");
    assertThat(json.get("fingerprint").asText()).hasSize(64);
    assertThat(json.at("/output/table").asText()).isEqualTo("analytics.daily_customer_totals");
    assertThat(json.at("/output/write_mode").asText()).isEqualTo("REPLACE_PARTITIONS");
    assertThat(json.at("/output/written_partition").asText()).isEqualTo("ds");
    assertThat(json.at("/output/written_unit").asText()).isEqualTo("DAY");
    assertThat(json.at("/inputs/0/table").asText()).isEqualTo("raw.transactions");
    assertThat(json.at("/inputs/0/dependency/kind").asText()).isEqualTo("identity");
    assertThat(json.at("/inputs/0/dependency/unit").asText()).isEqualTo("DAY");
    assertThat(json.at("/lineage/2/column").asText()).isEqualTo("total");
    assertThat(json.at("/lineage/2/kind").asText()).isEqualTo("AGGREGATED");
    assertThat(json.at("/lineage/2/sources/0").asText()).isEqualTo("raw.transactions.amount");
    assertThat(json.at("/parameters/0/expression").asText()).isEqualTo("ds");
  }

  @Test
  void aYamlSchemaAndAFileInAnotherDialectAreRead() throws IOException {
    Path schema = write("schema.yaml", """
        tables:
          - name: analytics.daily_customer_totals
            columns: {customer_id: BIGINT, day: DATE, total: "DECIMAL(18,2)", txn_count: BIGINT}
            partitioned_by: [day]
          - name: analytics.weekly_customer_totals
            columns: {customer_id: BIGINT, day: DATE, total_7d: "DECIMAL(18,2)"}
            partitioned_by: [day]
        """);
    Path sql = write("weekly.sql", """
        INSERT OVERWRITE TABLE analytics.weekly_customer_totals PARTITION (day = '{{ ds }}')
        SELECT customer_id, SUM(total) FROM analytics.daily_customer_totals
        WHERE day BETWEEN '{{ macros.ds_add(ds, -6) }}' AND '{{ ds }}' GROUP BY customer_id
        """);

    Run run = run("", "annotate", sql.toString(), "--dialect", "hive", "--schema", schema.toString());

    assertThat(run.succeeded()).as(run.err()).isTrue();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("dialect").asText()).isEqualTo("HIVE");
    assertThat(json.get("semantics").asText()).isEqualTo("PARTIAL");
    JsonNode dependency = json.at("/inputs/0/dependency");
    assertThat(dependency.get("kind").asText()).isEqualTo("window");
    assertThat(dependency.get("from").asLong()).isEqualTo(-6);
    assertThat(dependency.get("to").asLong()).isZero();
  }

  @Test
  void withoutASchemaTheSqlIsReadSyntactically() throws IOException {
    Run run = run(EcommerceExample.CUSTOMER_LIFETIME_VALUE, "annotate", "-");

    assertThat(run.succeeded()).as(run.err()).isTrue();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("mode").asText()).isEqualTo("SYNTACTIC");
    assertThat(json.get("semantics").asText()).isEqualTo("OPAQUE");
    assertThat(json.at("/inputs/0/dependency/kind").asText()).isEqualTo("all");
    assertThat(json.get("output").get("write_mode").asText()).isEqualTo("FULL_REPLACE");
  }

  @Test
  void sqlThatDoesNotParseIsOneLineNamingTheFileAndThePlace() throws IOException {
    Path sql = write("broken.sql", "INSERT INTO t\nSELECT a FROM WHERE b = 1");

    Run run = run("", "annotate", sql.toString());

    assertThat(run.succeeded()).isFalse();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).doesNotContain("\n").startsWith("annotate: The SQL in " + sql
        + " cannot be annotated: SQL does not parse").contains("(at line 2, column");
  }

  @Test
  void mistakesOnTheCommandLineAreOneLineEach() throws IOException {
    Path badSchema = write("bad.json", "{\"tables\": [{\"name\": \"raw.t\", \"columns\": {\"day\": \"DATUM\"}}]}");
    assertThat(run("SELECT 1", "annotate", "--dialect", "oracle").err())
        .isEqualTo("annotate: --dialect takes one of [trino, postgresql, hive, spark, mysql], not 'oracle'\n");
    assertThat(run("", "annotate", dir.resolve("missing.sql").toString()).err())
        .startsWith("annotate: The SQL file " + dir.resolve("missing.sql") + " does not exist");
    assertThat(run("SELECT 1", "annotate", "--schema", badSchema.toString()).err())
        .startsWith("annotate: Invalid table raw.t in the schema file " + badSchema + ": Unsupported type 'DATUM'");
    assertThat(run("SELECT 1", "annotate", "--schema", write("empty.json", "{}").toString()).err())
        .contains("has no \"tables\" list");
    assertThat(run("SELECT 1", "annotate", "--schema", write("broken.json", "{\"tables\": [").toString()).err())
        .startsWith("annotate: Cannot read the schema file").doesNotContain("\n\t");
  }

  @Test
  void anImportedDagIsAnnotatedTaskByTaskAndWrittenAsJson() {
    LegacyDag dag = new LegacyDag("ecommerce_daily", Optional.empty(), Optional.empty(), List.of(), List.of(),
        false, new Schedule.Preset("@daily"), Optional.of(Instant.parse("2024-01-01T00:00:00Z")),
        Optional.empty(), true, Optional.empty(), Map.of(), List.of(
            task("daily_customer_totals", Optional.of(new RecoveredSql(List.of(
                "DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}'",
                "INSERT INTO analytics.daily_customer_totals SELECT customer_id, DATE '{{ ds }}', SUM(amount),"
                    + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id"),
                SqlOrigin.DAG_SOURCE, 1.0, 1))),
            task("week_over_week", Optional.of(new SqlUnavailable("kept in a file"))),
            task("notify_finance", Optional.empty())),
        List.of(), List.of());

    DagAnnotation annotated = SemanticAnnotator.create().annotateDag(dag.dagId(),
        DagTasks.of(dag, Dialect.TRINO), EcommerceExample.SCHEMA, ChronoUnit.DAYS);
    JsonNode json = AnnotationJson.of(annotated);

    assertThat(json.get("dag_id").asText()).isEqualTo("ecommerce_daily");
    assertThat(json.at("/tasks/0/semantics").asText()).isEqualTo("MAP");
    assertThat(json.at("/tasks/0/annotation/output/write_mode").asText()).isEqualTo("REPLACE_PARTITIONS");
    assertThat(json.at("/tasks/0/failure").isNull()).isTrue();
    // the imported DAG keeps its tasks sorted by id
    assertThat(json.at("/tasks/1/task_id").asText()).isEqualTo("notify_finance");
    assertThat(json.at("/tasks/1/semantics").asText()).isEqualTo("OPAQUE");
    assertThat(json.at("/tasks/1/failure").asText()).isEqualTo("PythonOperator runs no SQL");
    assertThat(json.at("/tasks/2/failure").asText()).isEqualTo("SQL unavailable: kept in a file");
    assertThat(json.at("/tasks/2/annotation").isNull()).isTrue();
  }

  private static LegacyTask task(String id, Optional<SqlTemplate> sql) {
    return new LegacyTask(id, sql.isEmpty() ? "PythonOperator" : "SQLExecuteQueryOperator",
        "airflow.providers.common.sql.operators.sql", List.of(), "all_success", 0, Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), sql, Optional.empty());
  }
}
