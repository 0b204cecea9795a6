package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

/** Why a partition changed state: every transition names one. */
public sealed interface Cause {

  /** A snapshot event from the catalog. */
  record SnapshotEvent(String eventId) implements Cause {
    public SnapshotEvent {
      requireNonNull(eventId, "eventId is null");
    }
  }

  /** A run of a task: it started, succeeded or failed. */
  record Run(RunId run) implements Cause {
    public Run {
      requireNonNull(run, "run is null");
    }
  }

  /** A new version of the dataflow graph (a transform was added or changed). */
  record GraphChange(long version) implements Cause {}

  /** A backfill requested by someone. */
  record Backfill(String backfillId) implements Cause {
    public Backfill {
      requireNonNull(backfillId, "backfillId is null");
    }
  }

  /**
   * A run of a task outside the dataflow (the fallback) that declares datasets of the dataflow as its
   * outputs: it changed them, or failed to produce them.
   *
   * @param job the task that ran, {@code <dag>.<task>}
   * @param run the run's id among the fallback's runs
   */
  record FallbackRun(String job, long run) implements Cause {
    public FallbackRun {
      requireNonNull(job, "job is null");
      if (job.isBlank()) {
        throw new IllegalArgumentException("Invalid fallback run cause: the job is blank");
      }
    }
  }

  /** A planning decision (a task was planned, a partition found blocked or waiting). */
  record Planning(String decision) implements Cause {
    public Planning {
      requireNonNull(decision, "decision is null");
    }
  }
}
