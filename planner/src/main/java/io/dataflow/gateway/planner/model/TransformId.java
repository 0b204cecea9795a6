package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

/**
 * The identity of a transform, stable across versions of the graph (usually the legacy task id).
 *
 * @param name the transform's name
 */
public record TransformId(String name) implements Comparable<TransformId> {

  public TransformId {
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Invalid transform id: it is blank");
    }
  }

  public static TransformId of(String name) {
    return new TransformId(name);
  }

  @Override
  public int compareTo(TransformId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
