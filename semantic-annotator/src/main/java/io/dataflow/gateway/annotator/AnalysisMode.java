package io.dataflow.gateway.annotator;

/** How deeply a task's SQL was understood. */
public enum AnalysisMode {
  /** Every table resolved against the schema and the SQL validated and planned by Calcite. */
  RESOLVED,
  /**
   * Only the syntax was read (no schema for some table, or validation failed): tables and write mode
   * are known, dependencies are taken as "all partitions".
   */
  SYNTACTIC
}
