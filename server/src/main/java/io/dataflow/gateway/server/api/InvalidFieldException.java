package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

/**
 * A request record refused a value in its compact constructor; the field is reported with the
 * problem, so a client knows what to fix.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = requireNonNull(field, "field is null");
  }

  public String field() {
    return field;
  }

  /** {@code value}, or the exception for a required field that is missing or blank. */
  static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return value.strip();
  }
}
