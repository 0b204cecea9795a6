package io.dataflow.gateway.server.fallback;

/** The fallback scheduler or its store could not do what was asked; the message says what and why. */
public final class FallbackException extends RuntimeException {

  FallbackException(String message) {
    super(message);
  }

  FallbackException(String message, Throwable cause) {
    super(message, cause);
  }
}
