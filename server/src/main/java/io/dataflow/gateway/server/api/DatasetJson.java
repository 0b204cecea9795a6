package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The wire form of datasets. */
public final class DatasetJson {

  private DatasetJson() {}

  /**
   * A dataset in a list.
   *
   * @param id the Iceberg table, {@code namespace.name}
   * @param origin {@code external} (written outside the dataflow) or {@code produced}
   * @param partitioning {@code day(day)}, {@code unpartitioned} …
   * @param legacyName the name the tasks' SQL uses for it
   * @param producer the transform writing it; empty for an external dataset
   * @param consumers the transforms reading it
   */
  public record Summary(
      String id, String origin, String partitioning, Optional<String> legacyName, Optional<String> producer, List<String> consumers) {
    public Summary {
      requireNonNull(id, "id is null");
      requireNonNull(origin, "origin is null");
      requireNonNull(partitioning, "partitioning is null");
      requireNonNull(legacyName, "legacyName is null");
      requireNonNull(producer, "producer is null");
      consumers = List.copyOf(consumers);
    }
  }

  /**
   * One dataset in full.
   *
   * @param id the Iceberg table
   * @param origin {@code external} or {@code produced}
   * @param legacyName the name the tasks' SQL uses for it
   * @param partitioning how the dataflow partitions it
   * @param schema the table's current schema and partition spec in the catalog; empty if the table
   *     is not (or no longer) in the catalog
   * @param producer the transform writing it with what the annotator understood of it
   * @param consumers the transforms reading it and how
   */
  public record Detail(
      String id,
      String origin,
      Optional<String> legacyName,
      Partitioning partitioning,
      Optional<Schema> schema,
      Optional<Producer> producer,
      List<Consumer> consumers) {
    public Detail {
      requireNonNull(id, "id is null");
      requireNonNull(origin, "origin is null");
      requireNonNull(legacyName, "legacyName is null");
      requireNonNull(partitioning, "partitioning is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(producer, "producer is null");
      consumers = List.copyOf(consumers);
    }
  }

  /**
   * How the dataflow partitions a dataset.
   *
   * @param column the partition source column; empty when unpartitioned
   * @param granularity {@code hour}, {@code day}, {@code week}, {@code month}, {@code year}; empty when unpartitioned
   * @param description {@code day(day)} or {@code unpartitioned}
   */
  public record Partitioning(Optional<String> column, Optional<String> granularity, String description) {
    public Partitioning {
      requireNonNull(column, "column is null");
      requireNonNull(granularity, "granularity is null");
      requireNonNull(description, "description is null");
    }
  }

  /**
   * A table's schema as the catalog has it.
   *
   * @param columns the columns in order
   * @param partitionFields the fields of the current partition spec
   * @param currentSnapshotId the table's current snapshot; empty for a table never written
   */
  public record Schema(List<Column> columns, List<PartitionField> partitionFields, Optional<Long> currentSnapshotId) {
    public Schema {
      columns = List.copyOf(columns);
      partitionFields = List.copyOf(partitionFields);
      requireNonNull(currentSnapshotId, "currentSnapshotId is null");
    }
  }

  /** A column: its name, Iceberg type ({@code decimal(12, 2)}) and whether it may be null. */
  public record Column(String name, String type, boolean required) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  /** A partition field: its name, the column it is taken from and Iceberg's transform ({@code day}). */
  public record PartitionField(String name, String sourceColumn, String transform) {
    public PartitionField {
      requireNonNull(name, "name is null");
      requireNonNull(sourceColumn, "sourceColumn is null");
      requireNonNull(transform, "transform is null");
    }
  }

  /**
   * The transform writing a dataset.
   *
   * @param transform its id ({@code dag.task})
   * @param semanticsClass {@code MAP}, {@code PARTIAL}, {@code FULL} or {@code OPAQUE}
   * @param reason why that class
   * @param fingerprint what it computes, normalized
   * @param writeMode how its SQL writes the table ({@code REPLACE_PARTITIONS} …); empty if unknown
   * @param inputs what it reads and which partitions of it
   * @param notes what the annotator assumed or could not determine
   */
  public record Producer(
      String transform,
      String semanticsClass,
      String reason,
      String fingerprint,
      Optional<String> writeMode,
      List<Input> inputs,
      List<String> notes) {
    public Producer {
      requireNonNull(transform, "transform is null");
      requireNonNull(semanticsClass, "semanticsClass is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(fingerprint, "fingerprint is null");
      requireNonNull(writeMode, "writeMode is null");
      inputs = List.copyOf(inputs);
      notes = List.copyOf(notes);
    }
  }

  /**
   * One input of a transform.
   *
   * @param dataset the dataset read
   * @param dependency which of its partitions an output partition reads ({@code window -6..0})
   * @param partitionPredicates the SQL's predicates on its partition columns, relative to {@code ds}
   */
  public record Input(String dataset, String dependency, List<String> partitionPredicates) {
    public Input {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(dependency, "dependency is null");
      partitionPredicates = List.copyOf(partitionPredicates);
    }
  }

  /**
   * A transform reading a dataset.
   *
   * @param transform its id
   * @param output the dataset it writes
   * @param dependency which partitions of the dataset each of its output partitions reads
   */
  public record Consumer(String transform, String output, String dependency) {
    public Consumer {
      requireNonNull(transform, "transform is null");
      requireNonNull(output, "output is null");
      requireNonNull(dependency, "dependency is null");
    }
  }
}
