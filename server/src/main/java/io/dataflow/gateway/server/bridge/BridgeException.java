package io.dataflow.gateway.server.bridge;

/** The bridge's state could not be read or written. */
public final class BridgeException extends RuntimeException {

  BridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
