/**
 * The Calcite-based implementation of the annotator. Only the entry points
 * ({@link io.dataflow.gateway.annotator.internal.CalciteSemanticAnnotator},
 * {@link io.dataflow.gateway.annotator.internal.TrinoQueryRenderer},
 * {@link io.dataflow.gateway.annotator.internal.TrinoExecutionRenderer}) and the metadata handlers
 * Calcite's generated dispatch must reach are public; nothing here is API.
 *
 * <p>Pipeline: template expansion → statement splitting (with the few rewrites the parsers
 * need: {@code TRUNCATE}, {@code INSERT OVERWRITE}, {@code ON CONFLICT}) → parsing → the
 * shape of the task (which statement writes what, and how) → validation and conversion to a
 * {@code RelNode} against the schema → facts read through Calcite's metadata API: table references,
 * all predicates (for partition bounds), column origins and expression lineage. Partition bounds
 * are read relative to the logical date ({@code RelativeTime}, {@code PartitionBounds}), turned
 * into dependencies on the written partition ({@code OutputPartitioning}, {@code Dependencies}),
 * checked against the task's DELETE ({@code DeleteScope}) and classified ({@code Classifier}).
 * {@code Fingerprints} hashes the canonical plan. Each thread reuses its parser ({@code TaskSqlParsers}),
 * and every metadata query gets the compiled handlers directly ({@code CompiledHandlers}).
 * {@link io.dataflow.gateway.annotator.internal.TrinoQueryRenderer} renders the query back (through
 * {@code TrinoDialect}); {@link io.dataflow.gateway.annotator.internal.TrinoExecutionRenderer} wraps
 * it in the partition-replacing {@code MERGE} and renders checksum queries (through {@code TrinoSql}).
 */
package io.dataflow.gateway.annotator.internal;
