package io.dataflow.gateway.server.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a run is told about itself, and how its output is bounded. */
class FallbackRunContextTest {

  private final RunContext context = new RunContext(new FallbackJobKey("ecommerce_daily", "notify_finance"),
      new DataInterval(Instant.parse("2024-01-10T00:00:00Z"), Instant.parse("2024-01-11T00:00:00Z")),
      Instant.parse("2024-01-11T00:00:00Z"));

  @Test
  void airflowsSimpleMacrosAreRenderedWithTheLogicalDate() {
    assertThat(context.render("report --day {{ ds }} --from {{data_interval_start}} --to {{ data_interval_end }} {{ ds_nodash }} {{ ts_nodash }}"))
        .isEqualTo("report --day 2024-01-10 --from 2024-01-10T00:00:00+00:00 --to 2024-01-11T00:00:00+00:00 20240110 20240110T000000");
    assertThat(context.render("{{ run_id }}")).isEqualTo("scheduled__2024-01-10T00:00:00+00:00");
  }

  @Test
  void otherTemplatesAreLeftAsTheyAre() {
    assertThat(context.render("{{ macros.ds_add(ds, 1) }} {{ params.x }} $HOME"))
        .isEqualTo("{{ macros.ds_add(ds, 1) }} {{ params.x }} $HOME");
  }

  @Test
  void theProcessGetsAirflowsContextVariables() {
    assertThat(context.airflowEnvironment())
        .containsEntry("AIRFLOW_CTX_DAG_ID", "ecommerce_daily")
        .containsEntry("AIRFLOW_CTX_TASK_ID", "notify_finance")
        .containsEntry("AIRFLOW_CTX_LOGICAL_DATE", "2024-01-10T00:00:00+00:00")
        .containsEntry("AIRFLOW_CTX_DAG_RUN_ID", "scheduled__2024-01-10T00:00:00+00:00");
  }

  @Test
  void longOutputKeepsItsBeginningAndItsEnd() {
    BoundedOutput output = new BoundedOutput(20);
    output.write("BEGIN-" + "x".repeat(1000) + "-END");

    assertThat(output.total()).isEqualTo(1010);
    assertThat(output.text()).isEqualTo("BEGIN-xxxx\n[... 990 bytes of output dropped ...]\nxxxxxx-END");
  }

  @Test
  void shortOutputIsKeptWhole() {
    BoundedOutput output = new BoundedOutput(20);
    output.write("hello\nworld\n");

    assertThat(output.text()).isEqualTo("hello\nworld\n");
  }
}
