package io.dataflow.gateway.server.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} through Dropwizard's command line against WireMock standing in for Airflow 2. */
class AnalyzeCommandTest {

  private static final String SCHEMA = """
      {"tables": [
        {"name": "raw.transactions",
         "columns": {"txn_id": "BIGINT", "customer_id": "BIGINT", "amount": "DECIMAL(12,2)",
                     "event_time": "TIMESTAMP", "day": "DATE"},
         "partitioned_by": ["day"]},
        {"name": "analytics.daily_customer_totals",
         "columns": {"customer_id": "BIGINT", "day": "DATE", "total": "DECIMAL(18,2)", "txn_count": "BIGINT"},
         "partitioned_by": ["day"]},
        {"name": "analytics.weekly_customer_totals",
         "columns": {"customer_id": "BIGINT", "day": "DATE", "total_7d": "DECIMAL(18,2)"},
         "partitioned_by": ["day"]}]}
      """;

  private final Launcher launcher = new Launcher(Map.of());
  private WireMockServer airflow;

  @TempDir Path dir;

  @BeforeEach
  void start() {
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    AirflowStub.serveV1(airflow, "ecommerce_daily");
  }

  @AfterEach
  void stop() {
    airflow.stop();
  }

  @Test
  void theReportNamesTheRollingWeeksHiddenDependencyAndTheClockThatGuessesArrivals() throws Exception {
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, SCHEMA);

    Launcher.Run run = launcher.run("analyze", "--url", airflow.baseUrl(), "--airflow-version", "2", "--schema", schema.toString());

    assertThat(run.succeeded()).as(run.err()).isTrue();
    assertThat(run.out()).startsWith("Readiness of 1 DAG(s) from Airflow 2 at " + airflow.baseUrl())
        .contains("# Readiness of DAG `ecommerce_daily`")
        .contains("| weekly_customer_totals | not_migrated | PARTIAL | analytics.daily_customer_totals: window -6..0 days |")
        .contains("### hidden dependency")
        .contains("- `weekly_customer_totals` reads analytics.daily_customer_totals (window -6..0 days), written by daily_customer_totals")
        .contains("### schedule guesses arrival")
        .contains("- `daily_customer_totals` reads raw.transactions, written outside this DAG, on a clock (@daily)")
        .contains("| notify_finance | not_migrated: PythonOperator runs no SQL |");
  }

  @Test
  void theJsonFormHasOneReportPerDagWithTypedRisks() throws Exception {
    Launcher.Run run = launcher.run("analyze", "--url", airflow.baseUrl(), "--airflow-version", "2", "--format", "json");

    assertThat(run.succeeded()).as(run.err()).isTrue();
    JsonNode reports = new ObjectMapper().readTree(run.out());
    assertThat(reports).hasSize(1);
    List<String> kinds = new ArrayList<>();
    reports.get(0).path("risks").forEach(r -> kinds.add(r.path("kind").asText() + " " + r.path("taskId").asText()));
    assertThat(kinds).contains("HIDDEN_DEPENDENCY weekly_customer_totals", "SCHEDULE_GUESSES_ARRIVAL daily_customer_totals")
        .doesNotContain("HIDDEN_DEPENDENCY daily_customer_totals", "NON_IDEMPOTENT_APPEND daily_customer_totals");
  }

  @Test
  void anUnknownFormatIsOneLine() {
    Launcher.Run run = launcher.run("analyze", "--url", airflow.baseUrl(), "--airflow-version", "2", "--format", "pdf");

    assertThat(run.succeeded()).isFalse();
    assertThat(run.err()).startsWith("analyze: --format takes markdown or json, not 'pdf'");
  }
}
