package io.dataflow.gateway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApiLineageAndRunsTest {

  static final ResourceExtension API = ApiFixture.resources(new FakeDataflow(), false);

  private static JsonNode get(String path, int status) {
    return ApiFixture.get(API, path, status);
  }

  private static JsonNode get(String path) {
    return get(path, 200);
  }

  @Test
  void upstreamLineageOfTheWeeklyTotalsReachesTheRawTable() {
    JsonNode lineage = get("/api/v1/lineage/analytics.weekly_customer_totals?direction=upstream");
    assertThat(lineage.path("datasets")).extracting(n -> n.path("dataset").asText() + "@" + n.path("distance").asInt())
        .containsExactly("analytics.weekly_customer_totals@0", "analytics.daily_customer_totals@1", "raw.transactions@2");
    assertThat(lineage.path("edges")).extracting(e -> e.path("from").asText() + " -> " + e.path("to").asText() + " " + e.path("dependency").asText())
        .containsExactly("analytics.daily_customer_totals -> analytics.weekly_customer_totals window -6..0",
            "raw.transactions -> analytics.daily_customer_totals identity");
    assertThat(lineage.path("columns").isNull()).as("columns only when asked").isTrue();
  }

  @Test
  void columnLineageTracesEachWeeklyColumnToTheTransactionColumnsItComesFrom() {
    JsonNode columns = get("/api/v1/lineage/analytics.weekly_customer_totals?columns=true").path("columns");
    assertThat(reach(columns, "total_7d")).containsExactly("raw.transactions.amount");
    assertThat(reach(columns, "customer_id")).containsExactly("raw.transactions.customer_id");
    List<String> derivations = new ArrayList<>();
    columns.path("derivations").forEach(d -> derivations.add(d.path("dataset").asText() + "." + d.path("column").asText() + " "
        + d.path("kind").asText() + " " + d.path("sources").findValuesAsText("column")));
    assertThat(derivations).contains("analytics.weekly_customer_totals.total_7d AGGREGATED [total]",
        "analytics.daily_customer_totals.total AGGREGATED [amount]");
  }

  @Test
  void downstreamLineageStopsAtTheRequestedDepth() {
    JsonNode one = get("/api/v1/lineage/raw.transactions?direction=downstream&depth=1&columns=true");
    assertThat(one.path("datasets")).extracting(n -> n.path("dataset").asText())
        .containsExactly("raw.transactions", "analytics.daily_customer_totals");
    assertThat(reach(one.path("columns"), "amount")).containsExactly("analytics.daily_customer_totals.total");
    JsonNode all = get("/api/v1/lineage/raw.transactions?direction=DOWNSTREAM&columns=true");
    assertThat(all.path("datasets")).hasSize(4);
    assertThat(reach(all.path("columns"), "amount")).contains("analytics.weekly_customer_totals.total_7d",
        "analytics.customer_lifetime_value.lifetime_total");
  }

  @Test
  void invalidLineageParametersAreNamed() {
    assertThat(get("/api/v1/lineage/raw.transactions?direction=sideways", 400).path("field").asText()).isEqualTo("direction");
    assertThat(get("/api/v1/lineage/raw.transactions?depth=0", 400).path("field").asText()).isEqualTo("depth");
    assertThat(get("/api/v1/lineage/raw.transactions?columns=maybe", 400).path("field").asText()).isEqualTo("columns");
    get("/api/v1/lineage/raw.nothing", 404);
  }

  @Test
  void runsAreListedNewestFirstAndFilteredByDatasetAndState() {
    assertThat(get("/api/v1/runs").path("items")).extracting(r -> r.path("runId").asText())
        .containsExactly(FakeDataflow.RUN, "run-weekly-old");
    JsonNode failed = get("/api/v1/runs?state=failed&dataset=analytics.weekly_customer_totals");
    assertThat(failed.path("items")).hasSize(1);
    assertThat(failed.path("items").get(0).path("error").path("kind").asText()).isEqualTo("USER_ERROR");
    assertThat(get("/api/v1/runs?state=failed&dataset=raw.transactions").path("items")).isEmpty();
    JsonNode paged = get("/api/v1/runs?limit=1");
    assertThat(paged.path("items")).hasSize(1);
    java.net.URI next = java.net.URI.create(paged.path("next").asText());
    assertThat(get(next.getRawPath() + "?" + next.getRawQuery()).path("items").get(0).path("runId").asText()).isEqualTo("run-weekly-old");
    assertThat(get("/api/v1/runs?state=lost", 400).path("field").asText()).isEqualTo("state");
    get("/api/v1/runs?dataset=analytics.gone", 404);
  }

  @Test
  void aRunSaysWhatItRanWhyAndWithWhichQuery() {
    JsonNode run = get("/api/v1/runs/" + FakeDataflow.RUN);
    assertThat(run.path("transform").asText()).isEqualTo("ecommerce_daily.daily_customer_totals");
    assertThat(run.path("partitions").get(0).asText()).isEqualTo("2024-01-10");
    assertThat(run.path("trinoQueryId").asText()).isEqualTo("20240201_100500_00002_abcde");
    assertThat(run.path("statistics").path("cpuTimeMillis").asInt()).isEqualTo(12);
    assertThat(run.path("strategy").asText()).isEqualTo("PER_PARTITION");
    assertThat(run.path("causes")).hasSize(1);
    assertThat(run.path("causes").get(0).path("kind").asText()).isEqualTo("snapshot");
    assertThat(run.path("causes").get(0).path("id").asText()).isEqualTo("42");
    assertThat(run.path("attempts")).extracting(a -> a.path("runId").asText()).containsExactly(FakeDataflow.RUN);
    assertThat(get("/api/v1/runs/no-such-run", 404).path("detail").asText()).isEqualTo("There is no run 'no-such-run'");
  }

  private static List<String> reach(JsonNode columns, String column) {
    List<String> reached = new ArrayList<>();
    columns.path("reach").forEach(r -> {
      if (r.path("column").asText().equals(column)) {
        r.path("columns").forEach(c -> reached.add(c.path("dataset").asText() + "." + c.path("column").asText()));
      }
    });
    return reached;
  }
}
