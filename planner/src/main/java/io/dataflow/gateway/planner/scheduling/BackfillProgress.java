package io.dataflow.gateway.planner.scheduling;

/**
 * How far a backfill has come.
 *
 * @param total partitions in the range
 * @param done partitions fresh
 * @param failed partitions failed or blocked
 * @param waiting partitions waiting for external data
 */
public record BackfillProgress(int total, int done, int failed, int waiting) {

  public BackfillProgress {
    if (total < 0 || done < 0 || failed < 0 || waiting < 0 || done + failed + waiting > total) {
      throw new IllegalArgumentException("Invalid progress: done %d + failed %d + waiting %d must not exceed total %d"
          .formatted(done, failed, waiting, total));
    }
  }

  public boolean isComplete() {
    return done == total;
  }

  @Override
  public String toString() {
    return "%d/%d done".formatted(done, total) + (failed > 0 ? ", %d failed".formatted(failed) : "")
        + (waiting > 0 ? ", %d waiting for data".formatted(waiting) : "");
  }
}
