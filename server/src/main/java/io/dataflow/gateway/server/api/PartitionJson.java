package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.util.List;
import java.util.Optional;

/** The wire form of partitions, their states and their impact. */
public final class PartitionJson {

  private PartitionJson() {}

  /**
   * One partition of a dataset.
   *
   * @param partition the partition as written in the API ({@code 2024-01-10}, {@code (unpartitioned)})
   * @param state {@code FRESH}, {@code STALE}, {@code PENDING}, {@code RUNNING}, {@code FAILED},
   *     {@code BLOCKED} or {@code WAITING_FOR_DATA}
   * @param detail what the state is about: the task planned or running, the upstream partition that
   *     blocks it, the input partitions it waits for
   * @param snapshotId the snapshot that last wrote it; empty if never written
   * @param checksum the checksum of its rows when the gateway computed it
   * @param provenance what its current contents were computed from
   * @param lastRun the latest run that wrote (or tried to write) it, among the dataset's recent runs
   * @param error why its task failed, for a failed partition
   */
  public record Partition(
      String partition,
      String state,
      Optional<String> detail,
      Optional<Long> snapshotId,
      Optional<String> checksum,
      Optional<Provenance> provenance,
      Optional<RunRef> lastRun,
      Optional<String> error) {
    public Partition {
      requireNonNull(partition, "partition is null");
      requireNonNull(state, "state is null");
      requireNonNull(detail, "detail is null");
      requireNonNull(snapshotId, "snapshotId is null");
      requireNonNull(checksum, "checksum is null");
      requireNonNull(provenance, "provenance is null");
      requireNonNull(lastRun, "lastRun is null");
      requireNonNull(error, "error is null");
    }

    static Partition of(PartitionRecord record, Optional<RunRecord> lastRun) {
      return new Partition(
          record.ref().key().value(),
          record.kind().name(),
          describe(record.state()),
          record.version().map(v -> v.snapshotId()),
          record.version().flatMap(v -> v.checksum()),
          record.provenance().map(p -> new Provenance(p.fingerprint(), p.inputs().entrySet().stream()
              .map(e -> new InputVersion(e.getKey().dataset().name(), e.getKey().key().value(), e.getValue().snapshotId()))
              .toList())),
          lastRun.map(RunRef::of),
          record.state() instanceof PartitionState.Failed failed ? Optional.of(failed.error()) : Optional.empty());
    }
  }

  /** What a state is about, in a sentence. */
  static Optional<String> describe(PartitionState state) {
    return switch (state) {
      case PartitionState.Fresh f -> Optional.empty();
      case PartitionState.Stale s -> Optional.of("an input or the transform changed; waiting to be planned");
      case PartitionState.Pending p -> Optional.of("task " + p.task().id() + " (" + p.task().strategy() + ") not before " + p.notBefore());
      case PartitionState.Running r -> Optional.of("run " + r.run() + " of task " + r.task().id());
      case PartitionState.Failed f -> Optional.of("task " + f.task() + " failed");
      case PartitionState.Blocked b -> Optional.of("blocked by the failed partition " + b.cause().dataset() + " " + b.cause().key().value());
      case PartitionState.WaitingForData w -> Optional.of("waiting for " + w.dataset()
          + (w.missing().isEmpty() ? " to have any partition" : " partitions " + w.missing().stream().map(k -> k.value()).toList()));
    };
  }

  /**
   * What a partition was computed from.
   *
   * @param fingerprint the transform's fingerprint at the time
   * @param inputs the version of each input partition read
   */
  public record Provenance(String fingerprint, List<InputVersion> inputs) {
    public Provenance {
      requireNonNull(fingerprint, "fingerprint is null");
      inputs = List.copyOf(inputs);
    }
  }

  /** The snapshot of one input partition that a computation read. */
  public record InputVersion(String dataset, String partition, long snapshotId) {
    public InputVersion {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(partition, "partition is null");
    }
  }

  /** A run named from elsewhere: its id, state and times. */
  public record RunRef(String runId, String state, String startedAt, Optional<String> finishedAt) {
    public RunRef {
      requireNonNull(runId, "runId is null");
      requireNonNull(state, "state is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(finishedAt, "finishedAt is null");
    }

    static RunRef of(RunRecord run) {
      return new RunRef(run.runId(), run.state().name(), run.startedAt().toString(), run.finishedAt().map(Object::toString));
    }
  }

  /**
   * The downstream impact of one partition.
   *
   * @param dataset the dataset asked about
   * @param partition the partition asked about
   * @param state its own state; empty if the gateway does not track it
   * @param downstream how many downstream partitions are computed from it, directly or transitively
   * @param affected those of them that are not fresh (stale, pending, running, failed, blocked or
   *     waiting for data), nearest first
   */
  public record Impact(String dataset, String partition, Optional<String> state, int downstream, List<Impacted> affected) {
    public Impact {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(partition, "partition is null");
      requireNonNull(state, "state is null");
      affected = List.copyOf(affected);
    }
  }

  /**
   * A downstream partition that is not fresh.
   *
   * @param dataset its dataset
   * @param partition the partition
   * @param state its state
   * @param detail what the state is about
   * @param distance how many transforms away from the partition asked about
   */
  public record Impacted(String dataset, String partition, String state, Optional<String> detail, int distance) {
    public Impacted {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(partition, "partition is null");
      requireNonNull(state, "state is null");
      requireNonNull(detail, "detail is null");
    }
  }
}
