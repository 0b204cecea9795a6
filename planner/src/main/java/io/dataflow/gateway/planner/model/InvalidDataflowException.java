package io.dataflow.gateway.planner.model;

import java.util.List;

/** A dataflow graph could not be built; the message lists every problem found. */
public final class InvalidDataflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidDataflowException(List<String> problems) {
    super("Invalid dataflow: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
