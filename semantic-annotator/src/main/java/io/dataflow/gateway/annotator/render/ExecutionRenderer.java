package io.dataflow.gateway.annotator.render;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.util.OptionalLong;

/**
 * Renders the Trino statements the executor runs for a planned transform, over the gateway's table
 * names. Every identifier is quoted; dates are rendered as {@code DATE} literals from
 * {@link java.time.LocalDate} values and parameter values only inside escaped string literals, so
 * nothing from a template parameter or a table name becomes SQL of its own. Thread-safe.
 */
public interface ExecutionRenderer {

  /**
   * One Trino {@code MERGE} that replaces exactly the partitions of {@code scope} in the task's
   * (mapped) output table, so that the replacement is one Iceberg snapshot: the rows the task
   * computes for those partitions are inserted and every row the partitions held before is
   * deleted. Rows the query computes outside the scope are not written.
   *
   * <p>The source of the {@code MERGE} is the union of the task's query for each logical date that
   * writes a partition of the scope, with marker rows: one per partition of the scope (two for the
   * whole table). Every old row of the scope matches exactly one marker, by an equality Trino can
   * join on by hash, and is deleted; the computed rows never match and are inserted. Rows are not
   * matched by value, so duplicate and {@code NULL}-holding rows are replaced too.
   *
   * @param transform the task's SQL and parameter values
   * @param scope {@link OutputScope.Days} for a task that writes one day partition per run, or
   *     whole weeks, months or years for one whose output partition is an input's day truncated to
   *     that unit (each partition is computed by the run for its last day, which must read every
   *     input day of it),
   *     {@link OutputScope.Hours} for one that writes hour partitions at fixed offsets from the
   *     logical date (each hour by exactly one run, as a daily run over its data interval does),
   *     {@link OutputScope.WholeTable} for one that replaces its whole output
   * @return a single statement, without a trailing semicolon
   * @throws io.dataflow.gateway.annotator.AnnotationException with reason {@code NOT_RENDERABLE}
   *     when the task is OPAQUE, its output is unknown to the schema, the partition it writes is
   *     not one day relative to the logical date, or the scope does not fit its write mode; with
   *     another reason when its SQL cannot be read or a parameter value is missing
   */
  String replace(Transform transform, OutputScope scope);

  /**
   * A query that returns, per partition of {@code scope} that holds rows, a content checksum:
   * columns {@code partition} (the partition's {@code DATE}, its {@code TIMESTAMP} for hour
   * partitions; {@code NULL} for an unpartitioned
   * table, which gives one row), {@code row_count} and {@code checksum}, a {@code BIGINT} that does
   * not depend on the order of rows (Trino's {@code checksum} over each whole row, so duplicates
   * and {@code NULL}s count). Ordered by partition. Equal checksums and counts before and after a
   * recomputation let the planner cut off downstream work.
   *
   * @param table the output table by its legacy name, as the task's SQL writes it
   * @param scope the partitions to summarize; {@link OutputScope.WholeTable} for every one
   * @param snapshotId the Iceberg snapshot to read ({@code FOR VERSION AS OF}), empty for the
   *     current one
   * @throws io.dataflow.gateway.annotator.AnnotationException with reason {@code NOT_RENDERABLE}
   *     when the schema provider does not know the table, or day (hour) partitions are asked of a
   *     table without a date (timestamp) partition column
   */
  String checksum(TableName table, OutputScope scope, OptionalLong snapshotId);

  /** {@link #checksum(TableName, OutputScope, OptionalLong)} of the current snapshot. */
  default String checksum(TableName table, OutputScope scope) {
    return checksum(table, scope, OptionalLong.empty());
  }

  /**
   * A renderer that reads task outputs' schemas from {@code schema} and renders table names
   * through {@code tables}.
   */
  static ExecutionRenderer create(SchemaProvider schema, TableMapping tables) {
    return new io.dataflow.gateway.annotator.internal.TrinoExecutionRenderer(schema, tables);
  }
}
