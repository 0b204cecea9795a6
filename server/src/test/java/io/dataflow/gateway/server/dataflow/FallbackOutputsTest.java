package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.server.bridge.BridgeConfig;
import io.dataflow.gateway.server.bridge.DatasetUris;
import io.dataflow.gateway.server.fallback.DataInterval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which partitions of a declared output a fallback run's data interval covers. */
class FallbackOutputsTest {

  private static final Partitioning BY_DAY = Partitioning.by("day", Granularity.DAY);

  private static DataInterval interval(String start, String end) {
    return new DataInterval(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void aDailyIntervalCoversThatDayOnly() {
    assertThat(FallbackOutputs.covered(BY_DAY, interval("2024-01-10T00:00:00Z", "2024-01-11T00:00:00Z")))
        .containsExactly(PartitionKey.day("2024-01-10"));
  }

  @Test
  void anHourlyIntervalCoversItsDayAndAnHourlyTableItsHour() {
    DataInterval hour = interval("2024-01-10T05:00:00Z", "2024-01-10T06:00:00Z");
    assertThat(FallbackOutputs.covered(BY_DAY, hour)).containsExactly(PartitionKey.day("2024-01-10"));
    assertThat(FallbackOutputs.covered(Partitioning.by("ts", Granularity.HOUR), hour))
        .containsExactly(PartitionKey.hour(LocalDateTime.parse("2024-01-10T05:00")));
  }

  @Test
  void aWeeklyIntervalCoversItsSevenDaysAndAnIntervalAcrossMidnightBothDays() {
    assertThat(FallbackOutputs.covered(BY_DAY, interval("2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z")))
        .hasSize(7).first().isEqualTo(PartitionKey.day("2024-01-07"));
    assertThat(FallbackOutputs.covered(BY_DAY, interval("2024-01-10T12:00:00Z", "2024-01-11T12:00:00Z")))
        .containsExactly(PartitionKey.day("2024-01-10"), PartitionKey.day("2024-01-11"));
  }

  @Test
  void aRunOnceCoversThePartitionOfItsInstantAndAMonthlyTableItsMonth() {
    DataInterval once = interval("2024-01-10T06:30:00Z", "2024-01-10T06:30:00Z");
    assertThat(FallbackOutputs.covered(BY_DAY, once)).containsExactly(PartitionKey.day("2024-01-10"));
    assertThat(FallbackOutputs.covered(Partitioning.by("day", Granularity.MONTH), interval("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")))
        .containsExactly(PartitionKey.month("2024-01"));
  }

  @Test
  void anUnpartitionedTableIsCoveredWhole() {
    assertThat(FallbackOutputs.covered(Partitioning.none(), interval("2024-01-10T00:00:00Z", "2024-01-11T00:00:00Z")))
        .containsExactly(PartitionKey.unpartitioned());
  }

  @Test
  void anOutletNamesTheTableTheBridgeMapsItToAndAPlainNameItself() {
    BridgeConfig bridge = BridgeConfig.fromYaml(true, null, Map.of("s3://lake/raw/transactions", "raw.transactions"), null, null, null, null);
    Function<String, Optional<String>> outlets = DatasetUris.of(bridge)::table;

    assertThat(FallbackOutputs.tableOf("raw.transactions", outlets)).contains("raw.transactions");
    assertThat(FallbackOutputs.tableOf("trino://trino.internal:8080/iceberg/raw/transactions", outlets)).contains("raw.transactions");
    assertThat(FallbackOutputs.tableOf("iceberg://warehouse/raw/transactions", outlets)).contains("raw.transactions");
    assertThat(FallbackOutputs.tableOf("s3://lake/raw/transactions", outlets)).contains("raw.transactions");
    assertThat(FallbackOutputs.tableOf("s3://lake/raw/orders", outlets)).isEmpty();
    assertThat(FallbackOutputs.tableOf("trino://trino.internal:8080/hive/raw/transactions", outlets)).isEmpty();
    assertThat(FallbackOutputs.tableOf("iceberg://warehouse/transactions", outlets)).isEmpty();
  }
}
