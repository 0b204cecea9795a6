package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

/** The identity of one attempt to execute a task. */
public record RunId(String value) {
  public RunId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("Invalid run id: it is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
