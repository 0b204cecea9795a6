package io.dataflow.gateway.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotChangesTest {

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "day", Types.DateType.get()),
          Types.NestedField.required(3, "event_time", Types.TimestampType.withoutZone()));

  private InMemoryCatalog catalog;

  @BeforeEach
  void setUp() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("raw"));
  }

  @Test
  void appendOfThreeDaysNamesExactlyThoseDays() {
    Table table = dailyTable();
    table.newAppend().appendFile(file(table, "day=2024-01-01")).appendFile(file(table, "day=2024-01-02")).appendFile(file(table, "day=2024-01-03")).commit();

    SnapshotEvent event = latest(table);

    assertThat(event.operation()).isEqualTo(SnapshotOperation.APPEND);
    assertThat(days(event)).containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(event.changedPartitions().getFirst().values().getFirst().value())
        .contains(LocalDate.of(2024, 1, 1));
    assertThat(event.addedDataFiles()).isEqualTo(3);
    assertThat(event.addedRecords()).isEqualTo(30);
    assertThat(event.parentSnapshotId()).isEmpty();
  }

  @Test
  void deletingOneDaysFilesNamesOnlyThatDay() {
    Table table = dailyTable();
    DataFile day2 = file(table, "day=2024-01-02");
    table.newAppend().appendFile(file(table, "day=2024-01-01")).appendFile(day2).commit();
    long parent = table.currentSnapshot().snapshotId();

    table.newDelete().deleteFile(day2).commit();
    SnapshotEvent event = latest(table);

    assertThat(event.operation()).isEqualTo(SnapshotOperation.DELETE);
    assertThat(days(event)).containsExactly("2024-01-02");
    assertThat(event.removedDataFiles()).isEqualTo(1);
    assertThat(event.removedRecords()).isEqualTo(10);
    assertThat(event.parentSnapshotId()).contains(parent);
  }

  @Test
  void compactionIsAReplaceThatDoesNotChangeData() {
    Table table = dailyTable();
    DataFile a = file(table, "day=2024-01-02");
    DataFile b = file(table, "day=2024-01-02");
    table.newAppend().appendFile(a).appendFile(b).commit();

    table.newRewrite().rewriteFiles(java.util.Set.of(a, b), java.util.Set.of(file(table, "day=2024-01-02", 20))).commit();
    SnapshotEvent event = latest(table);

    assertThat(event.operation()).isEqualTo(SnapshotOperation.REPLACE);
    assertThat(event.changesData()).isFalse();
    assertThat(days(event)).containsExactly("2024-01-02");
  }

  @Test
  void positionDeletesMarkTheirPartitionChanged() {
    Table table = dailyTable();
    DataFile day1 = file(table, "day=2024-01-01");
    table.newAppend().appendFile(day1).appendFile(file(table, "day=2024-01-05")).commit();

    table
        .newRowDelta()
        .addDeletes(
            FileMetadata.deleteFileBuilder(table.spec())
                .ofPositionDeletes()
                .withPath("/tmp/deletes-1.parquet")
                .withFileSizeInBytes(10)
                .withPartitionPath("day=2024-01-01")
                .withRecordCount(1)
                .build())
        .commit();
    SnapshotEvent event = latest(table);

    // Iceberg calls a row delta that only adds deletes a delete.
    assertThat(event.operation()).isEqualTo(SnapshotOperation.DELETE);
    assertThat(days(event)).containsExactly("2024-01-01");
    assertThat(event.addedDeleteFiles()).isEqualTo(1);
  }

  @Test
  void transformedPartitionsCarryTypedValues() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).month("day").hour("event_time").build();
    Table table = catalog.createTable(TableIdentifier.of("raw", "events"), SCHEMA, spec);
    table.newAppend().appendFile(file(table, "day_month=" + months(2024, 3) + "/event_time_hour=" + hours(2024, 3, 5, 7))).commit();

    PartitionFieldValue month = latest(table).changedPartitions().getFirst().values().get(0);
    PartitionFieldValue hour = latest(table).changedPartitions().getFirst().values().get(1);

    assertThat(month.transform()).isEqualTo("month");
    assertThat(month.value()).contains(YearMonth.of(2024, 3));
    assertThat(hour.value()).contains(LocalDateTime.of(2024, 3, 5, 7, 0));
    assertThat(hour.human()).isEqualTo("2024-03-05-07");
  }

  @Test
  void eventsSurviveTheirJsonForm() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("day").hour("event_time").build();
    Table table = catalog.createTable(TableIdentifier.of("raw", "events"), SCHEMA, spec);
    table.newAppend().appendFile(file(table, "day=2024-03-05/event_time_hour=" + hours(2024, 3, 5, 7))).commit();
    table.newAppend().appendFile(file(table, "day=2024-03-06/event_time_hour=" + hours(2024, 3, 6, 0))).commit();

    SnapshotEvent event = latest(table);

    assertThat(SnapshotEventJson.fromJson(SnapshotEventJson.toJson(event))).isEqualTo(event);
  }

  @Test
  void unpartitionedTablesReportTheWholeTable() {
    Table table = catalog.createTable(TableIdentifier.of("raw", "flat"), SCHEMA, PartitionSpec.unpartitioned());
    table.newAppend().appendFile(file(table, null)).commit();

    SnapshotEvent event = latest(table);

    assertThat(event.changedPartitions()).singleElement().satisfies(p -> {
      assertThat(p.values()).isEmpty();
      assertThat(p.path()).isEqualTo("<unpartitioned>");
    });
  }

  /** Iceberg stores a month partition as months since 1970-01. */
  private static long months(int year, int month) {
    return (year - 1970) * 12L + month - 1;
  }

  /** Iceberg stores an hour partition as hours since the epoch. */
  private static long hours(int year, int month, int day, int hour) {
    return LocalDateTime.of(year, month, day, hour, 0).toEpochSecond(java.time.ZoneOffset.UTC) / 3600;
  }

  private Table dailyTable() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("day").build();
    return catalog.createTable(TableIdentifier.of("raw", "transactions"), SCHEMA, spec);
  }

  private static int counter;

  private static DataFile file(Table table, String partitionPath) {
    return file(table, partitionPath, 10);
  }

  private static DataFile file(Table table, String partitionPath, long records) {
    DataFiles.Builder builder =
        DataFiles.builder(table.spec())
            .withPath("/tmp/data-" + (++counter) + ".parquet")
            .withFileSizeInBytes(100)
            .withRecordCount(records);
    if (partitionPath != null) {
      builder.withPartitionPath(partitionPath);
    }
    return builder.build();
  }

  private SnapshotEvent latest(Table table) {
    TableMetadata metadata = ((BaseTable) table).operations().refresh();
    return SnapshotChanges.derive(
        "raw." + table.name(), metadata, metadata.currentSnapshot(), table.io());
  }

  private static List<String> days(SnapshotEvent event) {
    return event.changedPartitions().stream()
        .map(p -> p.values().getFirst().human())
        .toList();
  }

}
