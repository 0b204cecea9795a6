package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

/**
 * Why a run failed, as the executor classified it.
 *
 * @param kind whether retrying may help
 * @param message the error, for people
 */
public record Failure(Kind kind, String message) {

  /** Whether retrying may help. */
  public enum Kind {
    /** Connection refused, Trino restarting, an Iceberg commit conflict, a timeout. */
    TRANSIENT,
    /** A SQL or type error, permission denied: the same run would fail again. */
    PERMANENT
  }

  public Failure {
    requireNonNull(kind, "kind is null");
    requireNonNull(message, "message is null");
  }

  public static Failure transientError(String message) {
    return new Failure(Kind.TRANSIENT, message);
  }

  public static Failure permanent(String message) {
    return new Failure(Kind.PERMANENT, message);
  }
}
