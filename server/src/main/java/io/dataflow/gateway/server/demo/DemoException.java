package io.dataflow.gateway.server.demo;

/** A demo step that could not be done, with what to do about it. */
public final class DemoException extends RuntimeException {

  public DemoException(String message) {
    super(message);
  }

  public DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
