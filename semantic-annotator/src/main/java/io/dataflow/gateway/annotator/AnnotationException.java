package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A task's SQL could not be annotated at all (an unsupported template expression, SQL that does
 * not parse) or not rendered as asked. The message names what was wrong and where; {@link #position()} gives the place in the
 * template as written (before template expansion).
 */
public final class AnnotationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why annotation failed, so callers can tell a bad template from bad SQL. */
  public enum Reason {
    UNSUPPORTED_TEMPLATE,
    UNPARSEABLE_SQL,
    UNSUPPORTED_STATEMENT,
    /**
     * The task was read, but the statement asked for cannot be rendered for it: it is OPAQUE, the
     * partitions it writes are not a function of the logical date, or the scope does not fit its
     * write mode. The message says which.
     */
    NOT_RENDERABLE
  }

  private final Reason reason;
  private final transient SourcePosition position;

  public AnnotationException(Reason reason, String message, SourcePosition position) {
    this(reason, message, position, null);
  }

  public AnnotationException(
      Reason reason, String message, SourcePosition position, Throwable cause) {
    super(message + (position == null ? "" : " (at " + position + ")"), cause);
    this.reason = requireNonNull(reason, "reason is null");
    this.position = position;
  }

  public Reason reason() {
    return reason;
  }

  /** Where the problem is in the template as written, when it is known. */
  public Optional<SourcePosition> position() {
    return Optional.ofNullable(position);
  }
}
