package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest comparison of one partition of a shadow table with the same partition of the real table.
 *
 * @param realTable the real table, as the DAG's SQL names it
 * @param shadowTable its shadow
 * @param partition the partition ({@code 2024-01-10}, or {@code (unpartitioned)})
 * @param state how it compared
 * @param changedAt when either side last changed
 * @param comparedAt when it was last compared; empty while the first comparison is pending
 * @param real the real side as compared
 * @param shadow the shadow side as compared
 * @param onlyInReal for a partition that differs, rows of the real side the shadow does not hold (bounded)
 * @param onlyInShadow for a partition that differs, rows of the shadow the real side does not hold (bounded)
 * @param error why the comparison failed, or which side is missing
 */
public record PartitionComparison(
    String realTable,
    String shadowTable,
    String partition,
    State state,
    Instant changedAt,
    Optional<Instant> comparedAt,
    Optional<Side> real,
    Optional<Side> shadow,
    List<Map<String, Object>> onlyInReal,
    List<Map<String, Object>> onlyInShadow,
    Optional<String> error) {

  public PartitionComparison {
    requireNonNull(realTable, "realTable is null");
    requireNonNull(shadowTable, "shadowTable is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(state, "state is null");
    requireNonNull(changedAt, "changedAt is null");
    requireNonNull(comparedAt, "comparedAt is null");
    requireNonNull(real, "real is null");
    requireNonNull(shadow, "shadow is null");
    onlyInReal = List.copyOf(onlyInReal);
    onlyInShadow = List.copyOf(onlyInShadow);
    requireNonNull(error, "error is null");
  }

  /** How a partition compared. */
  public enum State {
    /** A side changed since the last comparison, which is yet to be made. */
    PENDING,
    /** Same row count and checksum on both sides. */
    MATCH,
    /** Counts or checksums differ; samples of the differing rows are kept. */
    DIFFERENT,
    /** One side holds no rows of the partition (yet): nothing to compare. */
    MISSING,
    /** The comparison could not be made (a Trino error): never counted as a match. */
    FAILED
  }

  /**
   * One side of a partition as compared.
   *
   * @param snapshotId the table's snapshot that was read
   * @param rows its row count
   * @param checksum its order-independent checksum
   */
  public record Side(long snapshotId, long rows, long checksum) {}
}
