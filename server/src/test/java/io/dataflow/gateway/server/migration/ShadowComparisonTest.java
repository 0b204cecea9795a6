package io.dataflow.gateway.server.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.TableName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shadow table names, the comparison queries and when a shadow run is ready for a cut-over. */
class ShadowComparisonTest {

  @Test
  void aShadowTableHasTheSameNameInASchemaOfItsOwn() {
    assertThat(ShadowTables.shadowOf(TableName.of("analytics.daily"))).isEqualTo(TableName.of("analytics__shadow.daily"));
    assertThat(ShadowTables.shadowOf(TableName.of("daily"))).isEqualTo(TableName.of("default__shadow.daily"));
    assertThat(ShadowTables.shadowOf(TableName.of("hive.analytics.daily"))).isEqualTo(TableName.of("hive.analytics__shadow.daily"));
    assertThatThrownBy(() -> ShadowTables.shadowOf(TableName.of("analytics__shadow.daily"))).hasMessageContaining("shadow schema");
  }

  @Test
  void comparisonQueriesQuoteIdentifiersAndBindThePartition() {
    ShadowSql sql = new ShadowSql(List.of("customer_id", "we\"ird", "day"), Optional.of("day"));
    TableName real = new TableName(List.of("iceberg", "analytics", "daily"));
    assertThat(sql.summary(real, 42)).isEqualTo("""
        SELECT count(*) AS "row_count", coalesce(from_big_endian_64(checksum(ROW("customer_id", "we""ird", "day"))), 0) AS "checksum"
        FROM "iceberg"."analytics"."daily" FOR VERSION AS OF 42 WHERE "day" = CAST(? AS DATE)""");
    assertThat(sql.parameters("2024-01-02")).containsExactly("2024-01-02");
    String onlyIn = sql.onlyIn(real, 42, new TableName(List.of("iceberg", "analytics__shadow", "daily")), 7, 10);
    assertThat(onlyIn).contains("EXCEPT ALL").contains("FOR VERSION AS OF 7").endsWith("LIMIT 10");
    assertThat(onlyIn.chars().filter(c -> c == '?').count()).isEqualTo(2);
    assertThat(new ShadowSql(List.of("id"), Optional.empty()).summary(real, 1)).doesNotContain("?").doesNotContain("WHERE");
  }

  @Test
  void readyOnlyWithEnoughCleanPartitionsAndNoneDifferentFailedOrPending() {
    List<PartitionComparison> partitions = new ArrayList<>();
    for (int day = 1; day <= 6; day++) {
      partitions.add(comparison("2024-01-0" + day, PartitionComparison.State.MATCH));
    }
    partitions.add(comparison("2024-01-09", PartitionComparison.State.MISSING));
    assertThat(report(partitions).readyForCutover()).isFalse();
    assertThat(report(partitions).reason()).contains("6 of the 7");

    partitions.add(comparison("2024-01-07", PartitionComparison.State.MATCH));
    assertThat(report(partitions).readyForCutover()).as("a partition one side does not hold is not compared").isTrue();

    for (PartitionComparison.State blocking : List.of(PartitionComparison.State.DIFFERENT, PartitionComparison.State.FAILED,
        PartitionComparison.State.PENDING)) {
      List<PartitionComparison> with = new ArrayList<>(partitions);
      with.add(comparison("2024-01-08", blocking));
      ShadowReport report = report(with);
      assertThat(report.readyForCutover()).as(blocking.name()).isFalse();
      assertThat(report.reason()).contains("daily 2024-01-08");
    }
    assertThat(ShadowReport.of("d", MigrationMode.PRODUCTION, Optional.empty(), Map.of(), 7, partitions).readyForCutover()).isFalse();
  }

  private static ShadowReport report(List<PartitionComparison> partitions) {
    return ShadowReport.of("d", MigrationMode.SHADOW, Optional.empty(), Map.of("daily", "default__shadow.daily"), 7, partitions);
  }

  private static PartitionComparison comparison(String partition, PartitionComparison.State state) {
    return new PartitionComparison("daily", "default__shadow.daily", partition, state, Instant.EPOCH, Optional.of(Instant.EPOCH),
        Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
  }
}
