package io.dataflow.gateway.catalog.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Derives a {@link SnapshotEvent} from a snapshot's own manifests.
 *
 * <p>The snapshot summary can omit per-partition detail and metadata tables cannot see deletes or
 * overwrites, but the manifest entries a snapshot added are exact: every data or delete file added
 * or removed, with its partition. A partition changed if and only if one of its files did.
 *
 * <p>Most commits write a partition or two, in manifests of their own that only add files. The
 * manifest list already says everything about such a manifest: how many files and rows it adds,
 * and per partition field the lowest and highest value. When every manifest the snapshot wrote only
 * adds files, and the lowest and highest value of each of its partition fields are one value (of a
 * type whose bounds are exact, not truncated), the manifest adds files to that one partition, and
 * the event is derived from the manifest list alone. Otherwise the manifests are read.
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
    Schema schema = schemaOf(metadata, snapshot);
    return event(table, metadata, snapshot, summarized(metadata, schema, snapshot, io)
        .orElseGet(() -> read(metadata, schema, snapshot, io)));
  }

  /** {@link #derive}, always from the entries of the snapshot's manifests. */
  static SnapshotEvent deriveFromManifests(String table, TableMetadata metadata, Snapshot snapshot, FileIO io) {
    return event(table, metadata, snapshot, read(metadata, schemaOf(metadata, snapshot), snapshot, io));
  }

  private static Schema schemaOf(TableMetadata metadata, Snapshot snapshot) {
    return Optional.ofNullable(snapshot.schemaId())
        .map(id -> metadata.schemasById().get(id))
        .orElse(metadata.schema());
  }

  private static SnapshotEvent event(String table, TableMetadata metadata, Snapshot snapshot, Accumulator accumulator) {
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
        accumulator.files.get(Change.ADDED_DATA),
        accumulator.files.get(Change.REMOVED_DATA),
        accumulator.files.get(Change.ADDED_DELETES),
        accumulator.files.get(Change.REMOVED_DELETES),
        snapshot.summary() == null ? Map.of() : snapshot.summary());
  }

  /** What {@code snapshot} changed, read from the entries of the manifests it wrote. */
  static Accumulator read(TableMetadata metadata, Schema schema, Snapshot snapshot, FileIO io) {
    Accumulator accumulator = new Accumulator(metadata.specsById(), schema);
    accumulator.addAll(snapshot.addedDataFiles(io), Change.ADDED_DATA);
    accumulator.addAll(snapshot.removedDataFiles(io), Change.REMOVED_DATA);
    accumulator.addAll(snapshot.addedDeleteFiles(io), Change.ADDED_DELETES);
    accumulator.addAll(snapshot.removedDeleteFiles(io), Change.REMOVED_DELETES);
    return accumulator;
  }

  /**
   * What {@code snapshot} changed, from its manifest list alone; empty when a manifest it wrote
   * does more than add files to one partition, or does not say enough about itself.
   */
  static Optional<Accumulator> summarized(TableMetadata metadata, Schema schema, Snapshot snapshot, FileIO io) {
    Accumulator accumulator = new Accumulator(metadata.specsById(), schema);
    for (ManifestFile manifest : snapshot.allManifests(io)) {
      if (manifest.snapshotId() == null || manifest.snapshotId() != snapshot.snapshotId()) {
        continue;
      }
      PartitionSpec spec = metadata.specsById().get(manifest.partitionSpecId());
      if (spec == null
          || manifest.addedFilesCount() == null || manifest.addedRowsCount() == null
          || manifest.existingFilesCount() == null || manifest.existingFilesCount() != 0
          || manifest.deletedFilesCount() == null || manifest.deletedFilesCount() != 0) {
        return Optional.empty();
      }
      Optional<StructLike> partition = onePartition(spec, manifest.partitions());
      if (partition.isEmpty()) {
        return Optional.empty();
      }
      boolean data = manifest.content() == ManifestContent.DATA;
      accumulator.add(spec, partition.get(), data ? Change.ADDED_DATA : Change.ADDED_DELETES,
          manifest.addedFilesCount(), data ? manifest.addedRowsCount() : 0);
    }
    return Optional.of(accumulator);
  }

  /**
   * The one partition of {@code spec} that field summaries {@code fields} describe: each field's
   * lowest and highest value equal (or only nulls), its type one whose bounds are exact values.
   */
  private static Optional<StructLike> onePartition(PartitionSpec spec, List<ManifestFile.PartitionFieldSummary> fields) {
    List<Types.NestedField> types = spec.partitionType().fields();
    if (types.isEmpty()) {
      return Optional.of(new Values(new Object[0]));
    }
    if (fields == null || fields.size() != types.size()) {
      return Optional.empty();
    }
    Object[] values = new Object[types.size()];
    for (int i = 0; i < values.length; i++) {
      ManifestFile.PartitionFieldSummary field = fields.get(i);
      Type type = types.get(i).type();
      if (!EXACT_BOUNDS.contains(type.typeId())) {
        return Optional.empty();
      }
      if (field.lowerBound() == null && field.upperBound() == null) {
        if (!field.containsNull()) {
          return Optional.empty();
        }
        values[i] = null;
        continue;
      }
      if (field.containsNull() || field.lowerBound() == null || !field.lowerBound().equals(field.upperBound())) {
        return Optional.empty();
      }
      values[i] = Conversions.fromByteBuffer(type, field.lowerBound());
    }
    return Optional.of(new Values(values));
  }

  /**
   * Partition value types whose manifest bounds are the values themselves: Iceberg truncates string
   * and binary bounds, and floating point values have NaN apart.
   */
  private static final Set<Type.TypeID> EXACT_BOUNDS = Set.of(Type.TypeID.BOOLEAN, Type.TypeID.INTEGER,
      Type.TypeID.LONG, Type.TypeID.DATE, Type.TypeID.TIME, Type.TypeID.TIMESTAMP, Type.TypeID.TIMESTAMP_NANO);

  /** A partition tuple of internal values. */
  record Values(Object... values) implements StructLike {
    @Override
    public int size() {
      return values.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(values[pos]);
    }

    @Override
    public <T> void set(int pos, T value) {
      values[pos] = value;
    }
  }

  private enum Change {
    ADDED_DATA,
    REMOVED_DATA,
    ADDED_DELETES,
    REMOVED_DELETES
  }

  static final class Accumulator {
    private final Map<Integer, PartitionSpec> specs;
    private final Schema schema;
    private final Map<String, Counts> byPartition = new LinkedHashMap<>();
    private final Map<Change, Integer> files = new java.util.EnumMap<>(Map.of(
        Change.ADDED_DATA, 0, Change.REMOVED_DATA, 0, Change.ADDED_DELETES, 0, Change.REMOVED_DELETES, 0));
    private long addedRecords;
    private long removedRecords;

    Accumulator(Map<Integer, PartitionSpec> specs, Schema schema) {
      this.specs = specs;
      this.schema = schema;
    }

    void addAll(Iterable<? extends ContentFile<?>> changed, Change change) {
      for (ContentFile<?> file : changed) {
        PartitionSpec spec = specs.get(file.specId());
        if (spec == null) {
          throw new IllegalStateException(
              "File " + file.location() + " names unknown partition spec " + file.specId());
        }
        add(spec, file.partition(), change, 1, change == Change.ADDED_DELETES || change == Change.REMOVED_DELETES ? 0 : file.recordCount());
      }
    }

    /** {@code count} files of {@code partition} with {@code records} rows between them, changed so. */
    void add(PartitionSpec spec, StructLike partition, Change change, int count, long records) {
      List<PartitionFieldValue> values = values(spec, partition);
      String key = spec.specId() + "|" + values;
      Counts counts = byPartition.computeIfAbsent(key, k -> new Counts(spec.specId(), values));
      files.merge(change, count, Integer::sum);
      switch (change) {
        case ADDED_DATA -> {
          counts.addedData += count;
          counts.addedRecords += records;
          addedRecords += records;
        }
        case REMOVED_DATA -> {
          counts.removedData += count;
          counts.removedRecords += records;
          removedRecords += records;
        }
        case ADDED_DELETES -> counts.addedDeletes += count;
        case REMOVED_DELETES -> counts.removedDeletes += count;
      }
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
