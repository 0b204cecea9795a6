package io.dataflow.gateway.planner.cost;

/**
 * The cost model's knobs.
 *
 * @param queryOverheadBytes the fixed cost of one query (planning, scheduling, the commit) expressed
 *     as the bytes Trino could have scanned meanwhile
 * @param maxBatchBytes the most input bytes one batched query may read; larger ranges are split
 * @param maxBatchPartitions the most output partitions one batched query may write
 */
public record CostSettings(long queryOverheadBytes, long maxBatchBytes, int maxBatchPartitions) {

  public CostSettings {
    if (queryOverheadBytes < 0) {
      throw new IllegalArgumentException("Invalid query overhead: %d bytes is negative".formatted(queryOverheadBytes));
    }
    if (maxBatchBytes <= 0 || maxBatchPartitions <= 0) {
      throw new IllegalArgumentException("Invalid batch limits: %d bytes and %d partitions must be positive"
          .formatted(maxBatchBytes, maxBatchPartitions));
    }
  }

  /** 64 MiB per query, batches of at most 32 GiB and 366 partitions. */
  public static CostSettings defaults() {
    return new CostSettings(64L << 20, 32L << 30, 366);
  }
}
