package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

/**
 * The identity of a dataset: its Iceberg table as {@code namespace.name}.
 *
 * @param name the qualified table name, for example {@code raw.transactions}
 */
public record DatasetId(String name) implements Comparable<DatasetId> {

  public DatasetId {
    requireNonNull(name, "name is null");
    if (name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("Invalid dataset id '%s': expected a table name without surrounding spaces".formatted(name));
    }
  }

  public static DatasetId of(String name) {
    return new DatasetId(name);
  }

  @Override
  public int compareTo(DatasetId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
