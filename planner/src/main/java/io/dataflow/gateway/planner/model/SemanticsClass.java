package io.dataflow.gateway.planner.model;

/** How an output's partitions relate to its inputs' partitions, from the most to the least precise. */
public enum SemanticsClass {
  /** One output partition per input partition. */
  MAP,
  /** An output partition depends on a computable set of input partitions (windows, coarsening). */
  PARTIAL,
  /** The whole output depends on the whole input. */
  FULL,
  /** Semantics could not be extracted; the planner assumes the worst (every input partition). */
  OPAQUE
}
