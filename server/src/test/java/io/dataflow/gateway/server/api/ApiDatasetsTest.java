package io.dataflow.gateway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApiDatasetsTest {

  static final ResourceExtension API = ApiFixture.resources(new FakeDataflow(), false);

  private static JsonNode get(String path, int status) {
    return ApiFixture.get(API, path, status);
  }

  private static JsonNode get(String path) {
    return get(path, 200);
  }

  @Test
  void datasetsArePagedByIdWithANextLinkThatCarriesTheFilters() {
    JsonNode first = get("/api/v1/datasets?limit=3");
    assertThat(ids(first)).containsExactly("analytics.customer_lifetime_value", "analytics.daily_customer_totals",
        "analytics.weekly_customer_totals");
    String next = first.path("next").asText();
    assertThat(next).startsWith("/api/v1/datasets?").contains("limit=3").contains("cursor=");

    URI link = URI.create(next);
    JsonNode second = get(link.getRawPath() + "?" + link.getRawQuery());
    assertThat(ids(second)).containsExactly("raw.transactions");
    assertThat(second.path("next").isNull()).isTrue();
  }

  @Test
  void datasetsAreFilteredByOrigin() {
    JsonNode external = get("/api/v1/datasets?origin=external");
    assertThat(ids(external)).containsExactly("raw.transactions");
    assertThat(external.path("items").get(0).path("consumers").get(0).asText()).isEqualTo("ecommerce_daily.daily_customer_totals");
    assertThat(get("/api/v1/datasets?origin=nowhere", 400).path("field").asText()).isEqualTo("origin");
  }

  @Test
  void aPageSizeOutOfRangeOrAForgedCursorIsRefusedNamingTheParameter() {
    assertThat(get("/api/v1/datasets?limit=501", 400).path("field").asText()).isEqualTo("limit");
    assertThat(get("/api/v1/datasets?limit=ten", 400).path("field").asText()).isEqualTo("limit");
    assertThat(get("/api/v1/datasets?cursor=not-ours", 400).path("field").asText()).isEqualTo("cursor");
  }

  @Test
  void aDatasetShowsItsSchemaPartitioningProducerWithItsAnnotationAndConsumers() {
    JsonNode daily = get("/api/v1/datasets/analytics.daily_customer_totals");
    assertThat(daily.path("partitioning").path("granularity").asText()).isEqualTo("day");
    assertThat(daily.path("schema").path("columns").get(0).path("name").asText()).isEqualTo("customer_id");
    JsonNode producer = daily.path("producer");
    assertThat(producer.path("transform").asText()).isEqualTo("ecommerce_daily.daily_customer_totals");
    assertThat(producer.path("semanticsClass").asText()).isEqualTo("MAP");
    assertThat(producer.path("writeMode").asText()).isEqualTo("REPLACE_PARTITIONS");
    assertThat(producer.path("inputs").get(0).path("dependency").asText()).isEqualTo("identity");
    assertThat(producer.path("inputs").get(0).path("partitionPredicates").toString()).contains("day");
    List<String> consumers = new ArrayList<>();
    daily.path("consumers").forEach(c -> consumers.add(c.path("output").asText() + " " + c.path("dependency").asText()));
    assertThat(consumers).containsExactlyInAnyOrder("analytics.weekly_customer_totals window -6..0",
        "analytics.customer_lifetime_value all partitions");
  }

  @Test
  void anUnknownDatasetIs404WithASpecificDetail() {
    JsonNode problem = get("/api/v1/datasets/analytics.nothing_here", 404);
    assertThat(problem.path("status").asInt()).isEqualTo(404);
    assertThat(problem.path("detail").asText()).isEqualTo("There is no dataset 'analytics.nothing_here'");
    get("/api/v1/datasets/analytics.nothing_here/partitions", 404);
    get("/api/v1/datasets/analytics.nothing_here/impact?partition=2024-01-10", 404);
  }

  @Test
  void partitionsAreFilteredByStateWithTheirSnapshotProvenanceAndLastRun() {
    JsonNode running = get("/api/v1/datasets/analytics.daily_customer_totals/partitions?state=running");
    assertThat(running.path("items")).hasSize(1);
    JsonNode day = running.path("items").get(0);
    assertThat(day.path("partition").asText()).isEqualTo("2024-01-10");
    assertThat(day.path("state").asText()).isEqualTo("RUNNING");
    assertThat(day.path("detail").asText()).contains(FakeDataflow.RUN);
    assertThat(day.path("snapshotId").asLong()).isEqualTo(7);
    assertThat(day.path("provenance").path("inputs").get(0).path("dataset").asText()).isEqualTo("raw.transactions");
    assertThat(day.path("lastRun").path("runId").asText()).isEqualTo(FakeDataflow.RUN);

    JsonNode stale = get("/api/v1/datasets/analytics.weekly_customer_totals/partitions?state=STALE&limit=5");
    assertThat(stale.path("items")).hasSize(5);
    JsonNode rest = get(URI.create(stale.path("next").asText()).getRawPath() + "?" + URI.create(stale.path("next").asText()).getRawQuery());
    assertThat(rest.path("items")).extracting(n -> n.path("partition").asText()).containsExactly("2024-01-15", "2024-01-16");

    assertThat(get("/api/v1/datasets/analytics.daily_customer_totals/partitions?state=sleepy", 400).path("field").asText()).isEqualTo("state");
    // a cursor is a partition of the dataset: another list's cursor is refused, naming the parameter
    JsonNode foreign = get("/api/v1/datasets/analytics.weekly_customer_totals/partitions?cursor=" + Paging.encode("analytics.x"), 400);
    assertThat(foreign.path("field").asText()).isEqualTo("cursor");
  }

  @Test
  void theImpactOfARestatedDayIsEveryDownstreamPartitionThatReadsIt() {
    JsonNode impact = get("/api/v1/datasets/raw.transactions/impact?partition=2024-01-10");
    assertThat(impact.path("downstream").asInt()).as("daily 01-10, weekly 01-10..01-16, lifetime").isEqualTo(9);
    List<String> affected = new ArrayList<>();
    impact.path("affected").forEach(a -> affected.add(a.path("distance").asInt() + " " + a.path("dataset").asText() + " "
        + a.path("partition").asText() + " " + a.path("state").asText()));
    assertThat(affected).containsExactly(
        "1 analytics.daily_customer_totals 2024-01-10 RUNNING",
        "2 analytics.customer_lifetime_value (unpartitioned) STALE",
        "2 analytics.weekly_customer_totals 2024-01-10 STALE",
        "2 analytics.weekly_customer_totals 2024-01-11 STALE",
        "2 analytics.weekly_customer_totals 2024-01-12 STALE",
        "2 analytics.weekly_customer_totals 2024-01-13 STALE",
        "2 analytics.weekly_customer_totals 2024-01-14 STALE",
        "2 analytics.weekly_customer_totals 2024-01-15 STALE",
        "2 analytics.weekly_customer_totals 2024-01-16 STALE");
  }

  @Test
  void anImpactNeedsAPartitionWrittenAsTheDatasetPartitionsIt() {
    assertThat(get("/api/v1/datasets/raw.transactions/impact", 400).path("field").asText()).isEqualTo("partition");
    JsonNode wrong = get("/api/v1/datasets/raw.transactions/impact?partition=2024-1-10", 400);
    assertThat(wrong.path("field").asText()).isEqualTo("partition");
    assertThat(wrong.path("detail").asText()).contains("a day such as 2024-01-10");
    assertThat(get("/api/v1/datasets/analytics.customer_lifetime_value/impact?partition=(unpartitioned)").path("downstream").asInt()).isZero();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }
}
