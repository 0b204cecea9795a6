/**
 * Rendering a task's query back into Trino SQL for one logical date, over the gateway's table
 * names. Values from template parameters are bound as typed literals built from
 * {@link java.time.LocalDate} values or escaped string literals, and every identifier is quoted, so
 * nothing from a parameter or a table name reaches the SQL as text of its own.
 */
package io.dataflow.gateway.annotator.render;
