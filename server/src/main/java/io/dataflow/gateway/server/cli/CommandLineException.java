package io.dataflow.gateway.server.cli;

/**
 * A command cannot do its work for a reason the user can fix. The message is one line saying what is
 * wrong and what to do; the command prints it without a stack trace and ends with exit status 1. It
 * never contains a password or a token.
 */
public final class CommandLineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandLineException(String message) {
    super(oneLine(message));
  }

  public CommandLineException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** The text on one line: line breaks and runs of blanks become one space. */
  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
