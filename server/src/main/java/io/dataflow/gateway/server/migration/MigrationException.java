package io.dataflow.gateway.server.migration;

/** An import or a migration could not be done or recorded; the message says what and why. */
public final class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MigrationException(String message, Throwable cause) {
    super(message, cause);
  }

  MigrationException(String message) {
    super(message);
  }
}
