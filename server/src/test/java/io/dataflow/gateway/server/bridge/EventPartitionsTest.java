package io.dataflow.gateway.server.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventPartitionsTest {

  private static final Partitioning BY_DAY = Partitioning.by("day", Granularity.DAY);
  private static final Partitioning BY_MONTH = Partitioning.by("month", Granularity.MONTH);
  private static final Function<DatasetEvent, Optional<Instant>> NO_RUN = e -> {
    throw new AssertionError("the run was read although the extra names the partitions");
  };

  private static DatasetEvent event(Map<String, String> extra, Optional<String> dag, Optional<String> run) {
    return new DatasetEvent("trino://t:8080/iceberg/raw/transactions", extra, dag, dag.map(d -> "load"), run,
        Instant.parse("2024-01-11T02:00:00Z"), List.of());
  }

  private static List<String> values(EventPartitions.Derived derived) {
    return derived.keys().orElseThrow().stream().map(PartitionKey::value).toList();
  }

  @Test
  void theExtraNamesThePartitionsWithOrWithoutTheColumn() {
    EventPartitions.Derived derived = EventPartitions.derive(
        event(Map.of("partitions", "[\"2024-01-11\", \"day=2024-01-10\"]"), Optional.of("ingest"), Optional.of("r1")), BY_DAY, NO_RUN);
    assertThat(derived.source()).isEqualTo(EventPartitions.Source.EXTRA);
    assertThat(values(derived)).containsExactly("2024-01-10", "2024-01-11");
  }

  @Test
  void withoutTheExtraTheSourceRunsLogicalDateGivesThePartitionOfTheDatasetsGranularity() {
    Function<DatasetEvent, Optional<Instant>> run = e -> {
      assertThat(e.sourceDagId()).contains("ingest");
      assertThat(e.sourceRunId()).contains("scheduled__2024-01-10T00:00:00+00:00");
      return Optional.of(Instant.parse("2024-01-10T00:00:00Z"));
    };
    DatasetEvent event = event(Map.of(), Optional.of("ingest"), Optional.of("scheduled__2024-01-10T00:00:00+00:00"));
    EventPartitions.Derived daily = EventPartitions.derive(event, BY_DAY, run);
    assertThat(daily.source()).isEqualTo(EventPartitions.Source.LOGICAL_DATE);
    assertThat(values(daily)).containsExactly("2024-01-10");
    assertThat(values(EventPartitions.derive(event, BY_MONTH, run))).containsExactly("2024-01");
  }

  @Test
  void withNothingToGoOnTheWholeDatasetIsTakenAndSaidSo() {
    EventPartitions.Derived fromApi = EventPartitions.derive(event(Map.of("from_rest_api", "true"), Optional.empty(), Optional.empty()),
        BY_DAY, NO_RUN);
    assertThat(fromApi.source()).isEqualTo(EventPartitions.Source.WHOLE_DATASET);
    assertThat(fromApi.keys()).isEmpty();
    assertThat(fromApi.detail()).contains("names no partitions");

    EventPartitions.Derived noDate = EventPartitions.derive(event(Map.of(), Optional.of("ingest"), Optional.of("manual__1")), BY_DAY,
        e -> Optional.empty());
    assertThat(noDate.source()).isEqualTo(EventPartitions.Source.WHOLE_DATASET);
    assertThat(noDate.detail()).contains("manual__1").contains("no logical date");
  }

  @Test
  void anExtraThatDoesNotFitThePartitioningWidensToTheWholeDatasetNamingTheElement() {
    EventPartitions.Derived wrongColumn = EventPartitions.derive(
        event(Map.of("partitions", "[\"2024-01-10\", \"hour=2024-01-10T05\"]"), Optional.empty(), Optional.empty()), BY_DAY, NO_RUN);
    assertThat(wrongColumn.source()).isEqualTo(EventPartitions.Source.WHOLE_DATASET);
    assertThat(wrongColumn.keys()).isEmpty();
    assertThat(wrongColumn.detail()).contains("extra.partitions[1]").contains("hour");

    EventPartitions.Derived notADay = EventPartitions.derive(
        event(Map.of("partitions", "[\"2024-1-10\"]"), Optional.empty(), Optional.empty()), BY_DAY, NO_RUN);
    assertThat(notADay.detail()).contains("extra.partitions[0]").contains("expected 2024-01-10");

    EventPartitions.Derived notAList = EventPartitions.derive(
        event(Map.of("partitions", "\"2024-01-10\""), Optional.empty(), Optional.empty()), BY_DAY, NO_RUN);
    assertThat(notAList.detail()).contains("non-empty list");
  }

  @Test
  void anUnpartitionedDatasetHasItsOnePartitionWhateverTheEventSays() {
    EventPartitions.Derived derived = EventPartitions.derive(
        event(Map.of("partitions", "[\"2024-01-10\"]"), Optional.empty(), Optional.empty()), Partitioning.none(), NO_RUN);
    assertThat(derived.keys().orElseThrow()).containsExactly(PartitionKey.unpartitioned());
  }

  @Test
  void contiguousPartitionsFormOneRange() {
    var keys = new java.util.TreeSet<PartitionKey>(List.of(PartitionKey.day("2024-01-10"), PartitionKey.day("2024-01-11"),
        PartitionKey.day("2024-01-13")));
    assertThat(InboundEvents.ranges(keys)).containsExactly(
        List.of(PartitionKey.day("2024-01-10"), PartitionKey.day("2024-01-11")), List.of(PartitionKey.day("2024-01-13")));
  }

  @Test
  void theRetryDelayDoublesUpToTheMaximum() {
    BridgeConfig config = BridgeConfig.fromYaml(true, null, null, null, null, java.time.Duration.ofSeconds(10),
        java.time.Duration.ofSeconds(45));
    assertThat(List.of(config.backoff(1), config.backoff(2), config.backoff(3), config.backoff(9))).containsExactly(
        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(40), java.time.Duration.ofSeconds(45));
  }
}
