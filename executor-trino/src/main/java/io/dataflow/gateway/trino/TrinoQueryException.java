package io.dataflow.gateway.trino;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A statement that did not complete, with what kind of failure it was so that a caller can decide
 * between retrying, reporting the user's SQL as wrong, or alerting an operator.
 */
public class TrinoQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the statement did not complete. */
  public enum Kind {
    /** It ran longer than its timeout (Trino's {@code EXCEEDED_TIME_LIMIT} or the client's guard). */
    TIMEOUT,
    /** It was cancelled, through {@link TrinoClient#cancel} or by an administrator. */
    CANCELLED,
    /** The SQL is wrong: syntax, a missing table or column, a type mismatch, a failing cast... */
    USER_ERROR,
    /** Trino ran out of memory or another resource; the same SQL may pass later or elsewhere. */
    INSUFFICIENT_RESOURCES,
    /** Something outside Trino's engine failed: a connector's storage, or reaching Trino at all. */
    EXTERNAL,
    /** A failure inside Trino. */
    INTERNAL
  }

  private final Kind kind;
  private final transient Optional<String> queryId;
  private final String sqlFirstLine;
  private final transient Optional<String> errorName;
  private final transient OptionalInt errorCode;

  TrinoQueryException(Kind kind, String message, Optional<String> queryId, String sql,
      Optional<String> errorName, OptionalInt errorCode, Throwable cause) {
    super(describe(kind, message, queryId, firstLine(sql)), cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.queryId = requireNonNull(queryId, "queryId is null");
    this.sqlFirstLine = firstLine(requireNonNull(sql, "sql is null"));
    this.errorName = requireNonNull(errorName, "errorName is null");
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  public Kind kind() {
    return kind;
  }

  /** Trino's query id; empty when the failure came before Trino assigned one. */
  public Optional<String> queryId() {
    return queryId;
  }

  /** The statement's first non-blank line, to say which statement failed without logging all of it. */
  public String sqlFirstLine() {
    return sqlFirstLine;
  }

  /** Trino's error name, e.g. {@code SYNTAX_ERROR} or {@code TABLE_NOT_FOUND}, when Trino reported one. */
  public Optional<String> errorName() {
    return errorName;
  }

  /** Trino's numeric error code, when Trino reported one. */
  public OptionalInt errorCode() {
    return errorCode;
  }

  static String firstLine(String sql) {
    return sql.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
  }

  private static String describe(Kind kind, String message, Optional<String> queryId, String firstLine) {
    return kind + (queryId.map(id -> " in query " + id).orElse("")) + ": " + message
        + " [statement: " + firstLine + "]";
  }
}
