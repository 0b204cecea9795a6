package io.dataflow.gateway.annotator;

/** How an output column is derived from its input columns. */
public enum LineageKind {
  /** No input column: a literal or a template parameter ({@code DATE '{{ ds }}' AS day}). */
  CONSTANT,
  /** The value of one input column, unchanged. */
  COPIED,
  /** A row-wise expression of input columns. */
  TRANSFORMED,
  /** An aggregate or window function over input rows. */
  AGGREGATED,
  /** Calcite could not trace the column. */
  UNKNOWN;

  LineageKind widen(LineageKind other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
