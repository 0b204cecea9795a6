package io.dataflow.gateway.annotator;

/** How much of its inputs one output partition of a task depends on. */
public enum SemanticsClass {
  /** One output partition per input partition. */
  MAP,
  /** An output partition depends on a computable set of input partitions (window, coarsening). */
  PARTIAL,
  /** The whole output depends on the whole input. */
  FULL,
  /** Semantics could not be extracted: the gateway must assume the worst. */
  OPAQUE;

  /** The wider of two classes: never narrow when in doubt. */
  public SemanticsClass widen(SemanticsClass other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
