/**
 * Understands task SQL with Apache Calcite: which tables a task reads and writes and how, the
 * partition dependency of each input, the semantics class with its reason, and the rendering of a
 * transform back into Trino SQL scoped to given partitions. No HTTP, Iceberg or Trino runtime here.
 */
package io.dataflow.gateway.annotator;
