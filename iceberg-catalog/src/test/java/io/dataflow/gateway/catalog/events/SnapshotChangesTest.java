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
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
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

  @Test
  void aCommitOfOneDayIsReadFromTheManifestListAloneAndAsTheManifestsSayIt() {
    Table table = dailyTable();
    table.newAppend().appendFile(file(table, "day=2024-01-01")).appendFile(file(table, "day=2024-01-02")).commit();
    table.newAppend().appendFile(file(table, "day=2024-01-02", 7)).appendFile(file(table, "day=2024-01-02", 5)).commit();

    CountingFileIO io = new CountingFileIO(table.io());
    SnapshotEvent event = latest(table, io);

    assertThat(io.manifestsRead()).isZero();
    assertThat(event).isEqualTo(fromManifests(table));
    assertThat(days(event)).containsExactly("2024-01-02");
    assertThat(event.addedDataFiles()).isEqualTo(2);
    assertThat(event.addedRecords()).isEqualTo(12);
    assertThat(event.changedPartitions().getFirst().addedRecords()).isEqualTo(12);
  }

  @Test
  void positionDeletesOfOneDayAreReadFromTheManifestListAlone() {
    Table table = dailyTable();
    table.newAppend().appendFile(file(table, "day=2024-01-01")).appendFile(file(table, "day=2024-01-05")).commit();
    table.newRowDelta()
        .addRows(file(table, "day=2024-01-05", 3))
        .addDeletes(positionDeletes(table, "day=2024-01-05"))
        .commit();

    CountingFileIO io = new CountingFileIO(table.io());
    SnapshotEvent event = latest(table, io);

    assertThat(io.manifestsRead()).isZero();
    assertThat(event).isEqualTo(fromManifests(table));
    assertThat(days(event)).containsExactly("2024-01-05");
    assertThat(event.addedDeleteFiles()).isEqualTo(1);
    assertThat(event.addedDataFiles()).isEqualTo(1);
    assertThat(event.addedRecords()).isEqualTo(3);
  }

  @Test
  void aNullPartitionAndTransformedPartitionsAreReadFromTheManifestListAsTheManifestsSayThem() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).month("day").hour("event_time").build();
    Table table = catalog.createTable(TableIdentifier.of("raw", "events"), SCHEMA, spec);
    table.newAppend().appendFile(file(table, "day_month=" + months(2024, 3) + "/event_time_hour=" + hours(2024, 3, 5, 7))).commit();
    table.newAppend().appendFile(DataFiles.builder(table.spec())
        .withPath("/tmp/data-" + (++counter) + ".parquet")
        .withFileSizeInBytes(100)
        .withRecordCount(10)
        .withPartition(new SnapshotChanges.Values((int) months(2024, 3), null))
        .build()).commit();

    CountingFileIO io = new CountingFileIO(table.io());
    SnapshotEvent event = latest(table, io);

    assertThat(io.manifestsRead()).isZero();
    assertThat(event).isEqualTo(fromManifests(table));
    assertThat(event.changedPartitions().getFirst().values().get(1).value()).isEmpty();
  }

  @Test
  void anUnpartitionedCommitIsReadFromTheManifestListAlone() {
    Table table = catalog.createTable(TableIdentifier.of("raw", "flat"), SCHEMA, PartitionSpec.unpartitioned());
    table.newAppend().appendFile(file(table, null)).commit();

    CountingFileIO io = new CountingFileIO(table.io());
    SnapshotEvent event = latest(table, io);

    assertThat(io.manifestsRead()).isZero();
    assertThat(event).isEqualTo(fromManifests(table));
  }

  @Test
  void manifestsThatSpanPartitionsRemoveFilesOrHaveTruncatableBoundsAreRead() {
    Table table = dailyTable();
    DataFile day2 = file(table, "day=2024-01-02");
    table.newAppend().appendFile(file(table, "day=2024-01-01")).appendFile(day2).commit();
    CountingFileIO spanning = new CountingFileIO(table.io());
    assertThat(latest(table, spanning)).isEqualTo(fromManifests(table));
    assertThat(spanning.manifestsRead()).isPositive();

    table.newOverwrite().deleteFile(day2).addFile(file(table, "day=2024-01-02", 4)).commit();
    CountingFileIO overwriting = new CountingFileIO(table.io());
    SnapshotEvent overwrite = latest(table, overwriting);
    assertThat(overwrite).isEqualTo(fromManifests(table));
    assertThat(overwriting.manifestsRead()).isPositive();
    assertThat(overwrite.removedDataFiles()).isEqualTo(1);
    assertThat(overwrite.addedRecords()).isEqualTo(4);

    Schema named = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.required(2, "region", Types.StringType.get()));
    Table byRegion = catalog.createTable(TableIdentifier.of("raw", "by_region"), named,
        PartitionSpec.builderFor(named).identity("region").build());
    byRegion.newAppend().appendFile(file(byRegion, "region=emea")).commit();
    CountingFileIO strings = new CountingFileIO(byRegion.io());
    assertThat(latest(byRegion, strings)).isEqualTo(fromManifests(byRegion));
    assertThat(strings.manifestsRead()).isPositive();
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
    return latest(table, table.io());
  }

  private static SnapshotEvent latest(Table table, FileIO io) {
    TableMetadata metadata = ((BaseTable) table).operations().refresh();
    // a snapshot as read back from the metadata, which has read nothing of its manifests yet
    Snapshot snapshot = TableMetadataParser.fromJson(TableMetadataParser.toJson(metadata)).currentSnapshot();
    return SnapshotChanges.derive("raw." + table.name(), metadata, snapshot, io);
  }

  private static SnapshotEvent fromManifests(Table table) {
    TableMetadata metadata = TableMetadataParser.fromJson(TableMetadataParser.toJson(((BaseTable) table).operations().refresh()));
    return SnapshotChanges.deriveFromManifests("raw." + table.name(), metadata, metadata.currentSnapshot(), table.io());
  }

  private static DeleteFile positionDeletes(Table table, String partitionPath) {
    return FileMetadata.deleteFileBuilder(table.spec())
        .ofPositionDeletes()
        .withPath("/tmp/deletes-" + (++counter) + ".parquet")
        .withFileSizeInBytes(10)
        .withPartitionPath(partitionPath)
        .withRecordCount(1)
        .build();
  }

  /** A FileIO that counts the manifests (not manifest lists) opened through it. */
  private static final class CountingFileIO implements FileIO {
    private final FileIO delegate;
    private final java.util.concurrent.atomic.AtomicInteger manifests = new java.util.concurrent.atomic.AtomicInteger();

    CountingFileIO(FileIO delegate) {
      this.delegate = delegate;
    }

    int manifestsRead() {
      return manifests.get();
    }

    @Override
    public InputFile newInputFile(String path) {
      if (!path.substring(path.lastIndexOf('/') + 1).startsWith("snap-")) {
        manifests.incrementAndGet();
      }
      return delegate.newInputFile(path);
    }

    @Override
    public InputFile newInputFile(String path, long length) {
      if (!path.substring(path.lastIndexOf('/') + 1).startsWith("snap-")) {
        manifests.incrementAndGet();
      }
      return delegate.newInputFile(path, length);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return delegate.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      delegate.deleteFile(path);
    }
  }

  private static List<String> days(SnapshotEvent event) {
    return event.changedPartitions().stream()
        .map(p -> p.values().getFirst().human())
        .toList();
  }

}
