package io.dataflow.gateway.catalog.events;

import java.util.Locale;
import org.apache.iceberg.DataOperations;

/** The kind of change a snapshot made, as Iceberg names it in the snapshot's {@code operation}. */
public enum SnapshotOperation {
  /** Only data files were added. */
  APPEND(DataOperations.APPEND),
  /** Data files were added and removed, or deletes were added: the data changed. */
  OVERWRITE(DataOperations.OVERWRITE),
  /** Data files were removed or delete files added; nothing was added. */
  DELETE(DataOperations.DELETE),
  /** Files were rewritten without changing the data (compaction); consumers may ignore it. */
  REPLACE(DataOperations.REPLACE);

  private final String icebergName;

  SnapshotOperation(String icebergName) {
    this.icebergName = icebergName;
  }

  /** The name Iceberg uses in snapshot metadata. */
  public String icebergName() {
    return icebergName;
  }

  /** Whether the operation changed the table's data (every operation but {@link #REPLACE}). */
  public boolean changesData() {
    return this != REPLACE;
  }

  /**
   * Maps Iceberg's operation name.
   *
   * @throws IllegalArgumentException if the name is not one of Iceberg's data operations
   */
  public static SnapshotOperation fromIceberg(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Snapshot has no operation");
    }
    for (SnapshotOperation operation : values()) {
      if (operation.icebergName.equals(name.toLowerCase(Locale.ROOT))) {
        return operation;
      }
    }
    throw new IllegalArgumentException(
        "Unknown snapshot operation: '" + name + "' (expected append, overwrite, delete or replace)");
  }
}
