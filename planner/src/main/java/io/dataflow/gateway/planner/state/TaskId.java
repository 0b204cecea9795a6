package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

/** The identity of a planned task; the executor writes it into the snapshot summary it commits. */
public record TaskId(String value) implements Comparable<TaskId> {
  public TaskId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("Invalid task id: it is blank");
    }
  }

  @Override
  public int compareTo(TaskId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
