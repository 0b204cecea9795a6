package io.dataflow.gateway.annotator.render;

import io.dataflow.gateway.annotator.TableName;
import java.util.Map;

/** Maps a legacy table name, as the task's SQL writes it, to the table the gateway reads instead. */
@FunctionalInterface
public interface TableMapping {

  /** The table to read for {@code legacy}. */
  TableName map(TableName legacy);

  /** Every table keeps its name. */
  static TableMapping identity() {
    return legacy -> legacy;
  }

  /** The tables of {@code mapping} are renamed; any other keeps its name. */
  static TableMapping of(Map<TableName, TableName> mapping) {
    Map<TableName, TableName> copy = Map.copyOf(mapping);
    return legacy -> copy.getOrDefault(legacy, legacy);
  }
}
