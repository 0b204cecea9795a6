package io.dataflow.gateway.catalog.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Type;

/**
 * Derives a {@link SnapshotEvent} from a snapshot's own manifests.
 *
 * <p>The snapshot summary can omit per-partition detail and metadata tables cannot see deletes or
 * overwrites, but the manifest entries a snapshot added are exact: every data or delete file added
 * or removed, with its partition. A partition changed if and only if one of its files did.
 */
public final class SnapshotChanges {

  private SnapshotChanges() {}

  /**
   * Reads what {@code snapshot} changed.
   *
   * @param table the table as {@code namespace.name}
   * @param metadata table metadata that contains the snapshot
   * @param snapshot the snapshot to describe
   * @param io file access for the snapshot's manifests
   * @throws org.apache.iceberg.exceptions.NotFoundException if a manifest file is missing
   */
  public static SnapshotEvent derive(
      String table, TableMetadata metadata, Snapshot snapshot, FileIO io) {
    Schema schema =
        Optional.ofNullable(snapshot.schemaId())
            .map(id -> metadata.schemasById().get(id))
            .orElse(metadata.schema());
    Accumulator accumulator = new Accumulator(metadata.specsById(), schema);

    int addedData = accumulator.addAll(snapshot.addedDataFiles(io), Change.ADDED_DATA);
    int removedData = accumulator.addAll(snapshot.removedDataFiles(io), Change.REMOVED_DATA);
    int addedDeletes = accumulator.addAll(snapshot.addedDeleteFiles(io), Change.ADDED_DELETES);
    int removedDeletes = accumulator.addAll(snapshot.removedDeleteFiles(io), Change.REMOVED_DELETES);

    SnapshotOperation operation =
        snapshot.operation() == null
            ? SnapshotOperation.OVERWRITE
            : SnapshotOperation.fromIceberg(snapshot.operation());
    return new SnapshotEvent(
        table,
        metadata.uuid() == null ? new java.util.UUID(0, 0) : java.util.UUID.fromString(metadata.uuid()),
        snapshot.snapshotId(),
        Optional.ofNullable(snapshot.parentId()),
        snapshot.sequenceNumber(),
        operation,
        Instant.ofEpochMilli(snapshot.timestampMillis()),
        accumulator.partitions(),
        accumulator.addedRecords,
        accumulator.removedRecords,
        addedData,
        removedData,
        addedDeletes,
        removedDeletes,
        snapshot.summary() == null ? Map.of() : snapshot.summary());
  }

  private enum Change {
    ADDED_DATA,
    REMOVED_DATA,
    ADDED_DELETES,
    REMOVED_DELETES
  }

  private static final class Accumulator {
    private final Map<Integer, PartitionSpec> specs;
    private final Schema schema;
    private final Map<String, Counts> byPartition = new LinkedHashMap<>();
    private long addedRecords;
    private long removedRecords;

    Accumulator(Map<Integer, PartitionSpec> specs, Schema schema) {
      this.specs = specs;
      this.schema = schema;
    }

    int addAll(Iterable<? extends ContentFile<?>> files, Change change) {
      int count = 0;
      for (ContentFile<?> file : files) {
        count++;
        PartitionSpec spec = specs.get(file.specId());
        if (spec == null) {
          throw new IllegalStateException(
              "File " + file.location() + " names unknown partition spec " + file.specId());
        }
        List<PartitionFieldValue> values = values(spec, file.partition());
        String key = file.specId() + "|" + values;
        Counts counts = byPartition.computeIfAbsent(key, k -> new Counts(file.specId(), values));
        switch (change) {
          case ADDED_DATA -> {
            counts.addedData++;
            counts.addedRecords += file.recordCount();
            addedRecords += file.recordCount();
          }
          case REMOVED_DATA -> {
            counts.removedData++;
            counts.removedRecords += file.recordCount();
            removedRecords += file.recordCount();
          }
          case ADDED_DELETES -> counts.addedDeletes++;
          case REMOVED_DELETES -> counts.removedDeletes++;
        }
      }
      return count;
    }

    private List<PartitionFieldValue> values(PartitionSpec spec, StructLike partition) {
      List<PartitionFieldValue> values = new ArrayList<>();
      List<PartitionField> fields = spec.fields();
      for (int i = 0; i < fields.size(); i++) {
        PartitionField field = fields.get(i);
        Type sourceType = schema.findType(field.sourceId());
        String sourceColumn = schema.findColumnName(field.sourceId());
        if (sourceType == null) {
          // the source column was dropped since; the partition type still is recorded in the spec
          sourceType = spec.partitionType().fields().get(i).type();
          sourceColumn = "<dropped column " + field.sourceId() + ">";
        }
        Type resultType = field.transform().getResultType(sourceType);
        Object internal = partition.get(i, Object.class);
        String transform = transformName(field);
        values.add(
            new PartitionFieldValue(
                field.name(),
                sourceColumn,
                transform,
                resultType.toString(),
                PartitionValues.typed(transform, resultType, internal),
                PartitionValues.human(field.transform(), resultType, internal)));
      }
      return values;
    }

    List<ChangedPartition> partitions() {
      return byPartition.values().stream()
          .map(Counts::toChangedPartition)
          .sorted(Comparator.comparingInt(ChangedPartition::specId).thenComparing(ChangedPartition::path))
          .toList();
    }
  }

  static String transformName(PartitionField field) {
    String name = field.transform().toString();
    int bracket = name.indexOf('[');
    return bracket < 0 ? name : name.substring(0, bracket);
  }

  private static final class Counts {
    private final int specId;
    private final List<PartitionFieldValue> values;
    private int addedData;
    private int removedData;
    private int addedDeletes;
    private int removedDeletes;
    private long addedRecords;
    private long removedRecords;

    Counts(int specId, List<PartitionFieldValue> values) {
      this.specId = specId;
      this.values = values;
    }

    ChangedPartition toChangedPartition() {
      return new ChangedPartition(
          specId,
          values,
          addedData,
          removedData,
          addedDeletes,
          removedDeletes,
          addedRecords,
          removedRecords);
    }
  }
}
