package io.dataflow.gateway.annotator;

/** How a task writes its output table. */
public enum WriteMode {
  /** {@code INSERT} alone: rows are added, nothing is removed. */
  APPEND,
  /**
   * The partitions written are replaced: {@code DELETE … WHERE p = x} then {@code INSERT}, or
   * {@code INSERT OVERWRITE … PARTITION (…)}.
   */
  REPLACE_PARTITIONS,
  /**
   * The whole table is replaced: CTAS, {@code CREATE OR REPLACE}, {@code TRUNCATE} + {@code INSERT},
   * {@code INSERT OVERWRITE} without {@code PARTITION (…)}.
   */
  FULL_REPLACE,
  /** {@code MERGE} or an upsert ({@code ON CONFLICT}): rows matched by key are changed in place. */
  MERGE,
  /** {@code DELETE} alone. */
  DELETE
}
