package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Where one partition stands, in the terms the state API answers in. */
public sealed interface PartitionState {

  /** The states without their details, for queries. */
  enum Kind { FRESH, STALE, PENDING, RUNNING, FAILED, BLOCKED, WAITING_FOR_DATA }

  Kind kind();

  /** Its contents match the current versions of its inputs. */
  record Fresh() implements PartitionState {
    @Override
    public Kind kind() {
      return Kind.FRESH;
    }
  }

  /** An input changed (or the transform did); it waits for its task. */
  record Stale() implements PartitionState {
    @Override
    public Kind kind() {
      return Kind.STALE;
    }
  }

  /**
   * Planned: a task will write it, not before {@code notBefore} (later than planning for a retry).
   *
   * @param task the task that will write it
   * @param notBefore the earliest start
   */
  record Pending(Task task, Instant notBefore) implements PartitionState {
    public Pending {
      requireNonNull(task, "task is null");
      requireNonNull(notBefore, "notBefore is null");
    }

    @Override
    public Kind kind() {
      return Kind.PENDING;
    }
  }

  /**
   * A run of a task is writing it.
   *
   * @param task the task
   * @param run the run
   * @param reads the input versions the run was started on; the result is fresh only if they are
   *     still current when it ends
   */
  record Running(Task task, RunId run, Provenance reads) implements PartitionState {
    public Running {
      requireNonNull(task, "task is null");
      requireNonNull(run, "run is null");
      requireNonNull(reads, "reads is null");
    }

    @Override
    public Kind kind() {
      return Kind.RUNNING;
    }
  }

  /**
   * Its task failed permanently (or ran out of retries).
   *
   * @param error what went wrong, for people
   * @param task the task that failed
   */
  record Failed(String error, TaskId task) implements PartitionState {
    public Failed {
      requireNonNull(error, "error is null");
      requireNonNull(task, "task is null");
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  /**
   * It cannot be computed because an upstream partition failed.
   *
   * @param cause the failed partition upstream
   */
  record Blocked(PartitionRef cause) implements PartitionState {
    public Blocked {
      requireNonNull(cause, "cause is null");
    }

    @Override
    public Kind kind() {
      return Kind.BLOCKED;
    }
  }

  /**
   * An external input it reads has no data yet.
   *
   * @param dataset the external input
   * @param missing the partitions missing; empty when the input has no partition at all
   */
  record WaitingForData(DatasetId dataset, NavigableSet<PartitionKey> missing) implements PartitionState {
    public WaitingForData {
      requireNonNull(dataset, "dataset is null");
      missing = Collections.unmodifiableNavigableSet(new TreeSet<>(requireNonNull(missing, "missing is null")));
    }

    @Override
    public Kind kind() {
      return Kind.WAITING_FOR_DATA;
    }
  }

  static PartitionState fresh() {
    return new Fresh();
  }

  static PartitionState stale() {
    return new Stale();
  }
}
