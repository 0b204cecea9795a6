package io.dataflow.gateway.planner.cost;

/**
 * The cost model's knobs.
 *
 * @param queryOverheadBytes the fixed cost of one query (planning, scheduling, the commit) expressed
 *     as the bytes Trino could have scanned meanwhile
 * @param maxBatchBytes the most input bytes one batched query may read; larger ranges are split
 * @param maxBatchPartitions the most output partitions one batched query may write
 * @param maxBatchDays the most days the output partitions of one query may span, first day of the
 *     first to last day of the last: a batch of months stops at a year of days
 */
public record CostSettings(long queryOverheadBytes, long maxBatchBytes, int maxBatchPartitions, int maxBatchDays) {

  /** The most days one statement of the executor replaces. */
  public static final int DEFAULT_MAX_BATCH_DAYS = 366;

  /** Settings whose batches span at most {@value #DEFAULT_MAX_BATCH_DAYS} days. */
  public CostSettings(long queryOverheadBytes, long maxBatchBytes, int maxBatchPartitions) {
    this(queryOverheadBytes, maxBatchBytes, maxBatchPartitions, DEFAULT_MAX_BATCH_DAYS);
  }

  public CostSettings {
    if (queryOverheadBytes < 0) {
      throw new IllegalArgumentException("Invalid query overhead: %d bytes is negative".formatted(queryOverheadBytes));
    }
    if (maxBatchBytes <= 0 || maxBatchPartitions <= 0) {
      throw new IllegalArgumentException("Invalid batch limits: %d bytes and %d partitions must be positive"
          .formatted(maxBatchBytes, maxBatchPartitions));
    }
    if (maxBatchDays <= 0) {
      throw new IllegalArgumentException("Invalid batch span: %d days must be positive".formatted(maxBatchDays));
    }
  }

  /** 64 MiB per query, batches of at most 32 GiB, 366 partitions and 366 days. */
  public static CostSettings defaults() {
    return new CostSettings(64L << 20, 32L << 30, 366);
  }
}
