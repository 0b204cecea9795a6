package io.dataflow.gateway.annotator.schema;

import io.dataflow.gateway.annotator.TableName;
import java.util.Optional;

/**
 * Looks tables up by the name the SQL uses. Implementations must be safe to call from several
 * threads and should be fast: the annotator asks once per table reference.
 */
public interface SchemaProvider {

  /** The table called {@code name}, or empty when this provider does not know it. */
  Optional<TableSchema> table(TableName name);

  /** A provider that knows no table: the annotator then analyzes syntax only and says so. */
  static SchemaProvider none() {
    return name -> Optional.empty();
  }
}
