package io.dataflow.gateway.server.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.events.PartitionFieldValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Shadow table names, the partitions compared (days, periods of time transforms, whole tables), the
 * comparison queries and when a shadow run is ready for a cut-over.
 */
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
    TableSchema schema = schema("analytics.daily", List.of("day"), "customer_id BIGINT", "we\"ird VARCHAR", "day DATE");
    ShadowPartition day = ShadowPartition.parse("2024-01-02", schema);
    ShadowSql sql = new ShadowSql(List.of("customer_id", "we\"ird", "day"), day.predicate(schema));
    TableName real = new TableName(List.of("iceberg", "analytics", "daily"));
    assertThat(sql.summary(real, 42)).isEqualTo("""
        SELECT count(*) AS "row_count", coalesce(from_big_endian_64(checksum(ROW("customer_id", "we""ird", "day"))), 0) AS "checksum"
        FROM "iceberg"."analytics"."daily" FOR VERSION AS OF 42 WHERE "day" = CAST(? AS DATE)""");
    assertThat(day.parameters(schema)).containsExactly("2024-01-02");
    String onlyIn = sql.onlyIn(real, 42, new TableName(List.of("iceberg", "analytics__shadow", "daily")), 7, 10);
    assertThat(onlyIn).contains("EXCEPT ALL").contains("FOR VERSION AS OF 7").endsWith("LIMIT 10");
    assertThat(onlyIn.chars().filter(c -> c == '?').count()).isEqualTo(2);
    assertThat(new ShadowSql(List.of("id"), Optional.empty()).summary(real, 1)).doesNotContain("?").doesNotContain("WHERE");
  }

  @Test
  void aMonthOfATimestampIsComparedAsTheRangeOfThatMonth() {
    TableSchema schema = schema("raw.events", List.of(), "id BIGINT", "event_time TIMESTAMP(6)");
    ShadowPartition month = ShadowPartition.of(List.of(field("event_time", "month", YearMonth.of(2023, 12), "2023-12")), Optional.empty())
        .orElseThrow();
    assertThat(month.key()).isEqualTo("month(event_time)=2023-12");
    ShadowPartition read = ShadowPartition.parse(month.key(), schema);
    assertThat(read).isEqualTo(month);
    assertThat(read.predicate(schema)).hasValue("\"event_time\" >= CAST(? AS TIMESTAMP(6)) AND \"event_time\" < CAST(? AS TIMESTAMP(6))");
    assertThat(read.parameters(schema)).containsExactly("2023-12-01 00:00:00", "2024-01-01 00:00:00");
    assertThat(new ShadowSql(List.of("id", "event_time"), read.predicate(schema)).summary(TableName.of("iceberg.raw.events"), 3))
        .endsWith("FOR VERSION AS OF 3 WHERE \"event_time\" >= CAST(? AS TIMESTAMP(6)) AND \"event_time\" < CAST(? AS TIMESTAMP(6))");
  }

  @Test
  void anHourOfATimestampWithTimeZoneIsBoundInUtc() {
    TableSchema schema = schema("raw.clicks", List.of(), "id BIGINT", "at TIMESTAMP(6) WITH TIME ZONE");
    ShadowPartition hour = ShadowPartition.of(List.of(field("at", "hour", LocalDateTime.of(2024, 1, 10, 23, 0), "2024-01-10-23")),
        Optional.empty()).orElseThrow();
    assertThat(hour.key()).isEqualTo("hour(at)=2024-01-10-23");
    assertThat(ShadowPartition.parse(hour.key(), schema).parameters(schema))
        .containsExactly("2024-01-10 23:00:00 UTC", "2024-01-11 00:00:00 UTC");
    assertThat(hour.predicate(schema)).hasValue("\"at\" >= CAST(? AS TIMESTAMP(6) WITH TIME ZONE) AND \"at\" < CAST(? AS TIMESTAMP(6) WITH TIME ZONE)");
  }

  @Test
  void aDayOrYearTransformOfADateIsARangeOfDates() {
    TableSchema schema = schema("raw.orders", List.of(), "id BIGINT", "ordered DATE");
    ShadowPartition year = ShadowPartition.of(List.of(field("ordered", "year", Year.of(2024), "2024")), Optional.empty()).orElseThrow();
    assertThat(year.key()).isEqualTo("year(ordered)=2024");
    assertThat(year.parameters(schema)).containsExactly("2024-01-01", "2025-01-01");
    ShadowPartition day = ShadowPartition.of(List.of(field("ordered", "day", LocalDate.of(2024, 2, 29), "2024-02-29")), Optional.empty())
        .orElseThrow();
    assertThat(day.key()).isEqualTo("day(ordered)=2024-02-29");
    assertThat(ShadowPartition.parse(day.key(), schema).parameters(schema)).containsExactly("2024-02-29", "2024-03-01");
  }

  @Test
  void aTableWithoutATimeToCompareByIsComparedWhole() {
    TableSchema schema = schema("raw.accounts", List.of("region"), "id BIGINT", "region VARCHAR");
    assertThat(ShadowPartition.of(List.of(field("id", "bucket", 3, "3")), Optional.empty())).isEmpty();
    assertThat(ShadowPartition.of(List.of(field("region", "identity", "eu", "eu")), ShadowComparator.dayColumn(schema))).isEmpty();
    ShadowPartition whole = ShadowPartition.parse("(unpartitioned)", schema);
    assertThat(whole.predicate(schema)).isEmpty();
    assertThat(whole.parameters(schema)).isEmpty();
    // a day of the DATE identity column keeps its bare key; the first time field of a partition decides
    assertThat(ShadowPartition.of(List.of(field("region", "identity", "eu", "eu"), field("day", "identity", LocalDate.of(2024, 1, 3),
        "2024-01-03")), Optional.of("day")).map(ShadowPartition::key)).hasValue("2024-01-03");
  }

  @Test
  void aKeyThatNoLongerFitsTheTableIsRefusedWithWhatIsWrong() {
    TableSchema schema = schema("raw.events", List.of(), "id BIGINT", "event_time TIMESTAMP(6)");
    assertThatThrownBy(() -> ShadowPartition.parse("2024-01-10", schema)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raw.events").hasMessageContaining("no longer partitioned by a DATE column");
    assertThatThrownBy(() -> ShadowPartition.parse("month(gone)=2024-01", schema)).hasMessageContaining("no column gone");
    assertThatThrownBy(() -> ShadowPartition.parse("week(event_time)=2024-01", schema)).hasMessageContaining("Invalid shadow partition");
    assertThatThrownBy(() -> ShadowPartition.parse("month(id)=2024-01", schema).predicate(schema))
        .hasMessageContaining("column id of table raw.events is BIGINT, not a DATE or TIMESTAMP");
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

  private static TableSchema schema(String name, List<String> partitionColumns, String... columns) {
    List<ColumnSchema> list = new ArrayList<>();
    for (String column : columns) {
      int space = column.indexOf(' ');
      list.add(new ColumnSchema(column.substring(0, space), column.substring(space + 1)));
    }
    return new TableSchema(TableName.of(name), list, partitionColumns);
  }

  private static PartitionFieldValue field(String column, String transform, Object value, String human) {
    return new PartitionFieldValue(column + "_" + transform, column, transform, "int", Optional.of(value), human);
  }

  private static ShadowReport report(List<PartitionComparison> partitions) {
    return ShadowReport.of("d", MigrationMode.SHADOW, Optional.empty(), Map.of("daily", "default__shadow.daily"), 7, partitions);
  }

  private static PartitionComparison comparison(String partition, PartitionComparison.State state) {
    return new PartitionComparison("daily", "default__shadow.daily", partition, state, Instant.EPOCH, Optional.of(Instant.EPOCH),
        Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
  }
}
