package io.dataflow.gateway.trino.embedded;

/**
 * The embedded Trino could not be obtained or started. The message names what went wrong and what
 * to do about it; it is meant to be shown to an operator as it is.
 */
public class TrinoLaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrinoLaunchException(String message) {
    super(message);
  }

  public TrinoLaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
