package io.dataflow.gateway.server.migration;

import java.time.Duration;
import java.util.Optional;

/**
 * A migration step that the DAG's state does not allow now (a cut-over of a DAG that is not in shadow,
 * a rollback while runs are under way); the message says why and what to do.
 */
public final class MigrationConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Optional<Duration> retryAfter;

  MigrationConflictException(String message, Optional<Duration> retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  MigrationConflictException(String message) {
    this(message, Optional.empty());
  }

  /** When trying again may succeed, if waiting is all it takes. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
