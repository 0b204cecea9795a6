package io.dataflow.gateway.server;

/**
 * The gateway cannot start for a reason the user can fix; the message says what is wrong and what
 * to do, in one line, and is printed without a stack trace.
 */
public final class GatewayStartupException extends RuntimeException {
  public GatewayStartupException(String message) {
    super(message);
  }

  public GatewayStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
