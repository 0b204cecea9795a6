package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a DAG's shadow run compares with what Airflow produces, and whether it may be cut over.
 *
 * @param dagId the DAG
 * @param mode where its migration is
 * @param shadowStartedAt when its current (or last) shadow run started
 * @param shadowTables each real table the run shadows, with its shadow
 * @param requiredCleanPartitions how many partitions must compare clean ({@code migration.shadowCleanPartitions})
 * @param partitions the latest comparison of every partition, by table and partition
 * @param clean partitions whose latest comparison matched
 * @param different partitions whose latest comparison differed
 * @param failed partitions whose latest comparison failed
 * @param missing partitions held by one side only
 * @param pending partitions changed since their last comparison
 * @param readyForCutover at least {@code requiredCleanPartitions} clean and none different, failed or
 *     pending; partitions held by one side only are not compared, so they do not count either way
 * @param reason why it is or is not ready
 */
public record ShadowReport(
    String dagId,
    MigrationMode mode,
    Optional<Instant> shadowStartedAt,
    Map<String, String> shadowTables,
    int requiredCleanPartitions,
    List<PartitionComparison> partitions,
    long clean,
    long different,
    long failed,
    long missing,
    long pending,
    boolean readyForCutover,
    String reason) {

  public ShadowReport {
    requireNonNull(dagId, "dagId is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(shadowStartedAt, "shadowStartedAt is null");
    shadowTables = Map.copyOf(shadowTables);
    partitions = List.copyOf(partitions);
    requireNonNull(reason, "reason is null");
  }

  /** The report of {@code partitions}, {@code required} clean ones being needed for a cut-over. */
  static ShadowReport of(String dagId, MigrationMode mode, Optional<Instant> shadowStartedAt, Map<String, String> shadowTables,
      int required, List<PartitionComparison> partitions) {
    long clean = count(partitions, PartitionComparison.State.MATCH);
    long different = count(partitions, PartitionComparison.State.DIFFERENT);
    long failed = count(partitions, PartitionComparison.State.FAILED);
    long missing = count(partitions, PartitionComparison.State.MISSING);
    long pending = count(partitions, PartitionComparison.State.PENDING);
    String reason;
    if (mode != MigrationMode.SHADOW) {
      reason = "DAG " + dagId + " is not in shadow (" + mode.label() + ")";
    } else if (different > 0) {
      reason = different + " partition(s) differ: " + names(partitions, PartitionComparison.State.DIFFERENT);
    } else if (failed > 0) {
      reason = failed + " comparison(s) failed: " + names(partitions, PartitionComparison.State.FAILED);
    } else if (pending > 0) {
      reason = pending + " partition(s) changed and are being compared: " + names(partitions, PartitionComparison.State.PENDING);
    } else if (clean < required) {
      reason = "%d of the %d clean partitions needed (migration.shadowCleanPartitions) have been compared".formatted(clean, required);
    } else {
      reason = "%d partitions compared clean (%d needed) and none differs".formatted(clean, required);
    }
    // a partition one side does not hold yet (Airflow has not run that logical date) is not compared
    boolean ready = mode == MigrationMode.SHADOW && different == 0 && failed == 0 && pending == 0 && clean >= required;
    return new ShadowReport(dagId, mode, shadowStartedAt, shadowTables, required, partitions, clean, different, failed, missing, pending,
        ready, reason);
  }

  private static long count(List<PartitionComparison> partitions, PartitionComparison.State state) {
    return partitions.stream().filter(p -> p.state() == state).count();
  }

  private static String names(List<PartitionComparison> partitions, PartitionComparison.State state) {
    List<String> named = partitions.stream().filter(p -> p.state() == state).map(p -> p.realTable() + " " + p.partition()).toList();
    return named.size() <= 5 ? String.join(", ", named) : String.join(", ", named.subList(0, 5)) + " and " + (named.size() - 5) + " more";
  }
}
