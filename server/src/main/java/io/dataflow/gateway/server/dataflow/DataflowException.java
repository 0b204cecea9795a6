package io.dataflow.gateway.server.dataflow;

/** The dataflow could not record or read its own state. */
public final class DataflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DataflowException(String message, Throwable cause) {
    super(message, cause);
  }

  DataflowException(String message) {
    super(message);
  }
}
