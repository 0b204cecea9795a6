/**
 * Rendering tasks back into Trino SQL over the gateway's table names: a task's query for one
 * logical date ({@link io.dataflow.gateway.annotator.render.TrinoRenderer}), and the statements the
 * executor runs ({@link io.dataflow.gateway.annotator.render.ExecutionRenderer}): one {@code MERGE}
 * that replaces a set of output partitions as one snapshot, and per-partition checksum queries.
 * Values from template parameters are bound as typed literals built from {@link java.time.LocalDate}
 * values or escaped string literals, and every identifier is quoted, so nothing from a parameter or
 * a table name reaches the SQL as text of its own.
 */
package io.dataflow.gateway.annotator.render;
