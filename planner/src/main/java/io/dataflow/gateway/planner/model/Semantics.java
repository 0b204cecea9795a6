package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

/**
 * A transform's semantics class with the human-readable reason it was chosen.
 *
 * @param semanticsClass the class
 * @param reason why, for people: "GROUP BY over all rows of the input"
 */
public record Semantics(SemanticsClass semanticsClass, String reason) {

  public Semantics {
    requireNonNull(semanticsClass, "semanticsClass is null");
    requireNonNull(reason, "reason is null");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("A semantics class needs a reason; it is blank for " + semanticsClass);
    }
  }

  public static Semantics of(SemanticsClass semanticsClass, String reason) {
    return new Semantics(semanticsClass, reason);
  }
}
