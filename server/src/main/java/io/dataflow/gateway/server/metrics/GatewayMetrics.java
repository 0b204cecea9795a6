package io.dataflow.gateway.server.metrics;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.fallback.FallbackOutcome;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The gateway's metrics: counted as things happen, except the partitions by state, which are counted
 * in PostgreSQL at each scrape (one grouped query) because the states change in the database, by
 * this gateway and by others sharing it.
 */
public final class GatewayMetrics {

  static final String PREFIX = "dataflow_gateway_";

  /** Trino statements take from well under a second to the query timeout (30 min by default). */
  private static final List<Double> QUERY_SECONDS =
      List.of(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0);
  /** From a planner wake-up (milliseconds) to a backlog behind long runs or a paused dataflow (hours). */
  private static final List<Double> DISPATCH_SECONDS =
      List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14400.0);

  /** How a run of a dataflow task ended. */
  public enum TaskOutcome {
    SUCCEEDED,
    /** Failed and will not be run again: its partitions failed. */
    FAILED,
    /** Failed transiently and will be attempted again. */
    RETRIED
  }

  private final Supplier<Map<PartitionState.Kind, Long>> partitionCounts;
  private final LongAdder snapshotEvents = new LongAdder();
  private final AtomicLong tasksInFlight = new AtomicLong();
  private final AtomicLong tasksPending = new AtomicLong();
  private final Map<TaskOutcome, LongAdder> taskRuns = new EnumMap<>(TaskOutcome.class);
  private final LongAdder fallbackSucceeded = new LongAdder();
  private final LongAdder fallbackFailed = new LongAdder();
  private final Histogram trinoQuerySeconds = new Histogram(QUERY_SECONDS);
  private final Histogram commitToDispatchSeconds = new Histogram(DISPATCH_SECONDS);
  private final StaleSince staleSince = new StaleSince();

  /** @param partitionCounts the number of partitions in each state, asked at each scrape */
  public GatewayMetrics(Supplier<Map<PartitionState.Kind, Long>> partitionCounts) {
    this.partitionCounts = requireNonNull(partitionCounts, "partitionCounts is null");
    for (TaskOutcome outcome : TaskOutcome.values()) {
      taskRuns.put(outcome, new LongAdder());
    }
  }

  /** A snapshot event reached the dataflow. */
  public void snapshotEventReceived() {
    snapshotEvents.increment();
  }

  /** A snapshot committed at {@code committedAt} made {@code partitions} stale. */
  public void partitionsStale(Collection<PartitionRef> partitions, Instant committedAt) {
    staleSince.stale(partitions, requireNonNull(committedAt, "committedAt is null"));
  }

  /**
   * A task for {@code partitions} of {@code output} was handed to the workers at {@code at}, already
   * started by the planner; it counts as pending until a worker takes it up ({@link #taskStarted()}).
   */
  public void taskDispatched(DatasetId output, Collection<PartitionKey> partitions, Instant at) {
    tasksInFlight.incrementAndGet();
    tasksPending.incrementAndGet();
    staleSince.dispatched(output, partitions, at)
        .ifPresent(latency -> commitToDispatchSeconds.observe(Math.max(0, latency.toNanos() / 1e9)));
  }

  /** A worker took a dispatched task. */
  public void taskStarted() {
    tasksPending.decrementAndGet();
  }

  /** A worker is done with a task, however it ended. */
  public void taskEnded() {
    tasksInFlight.decrementAndGet();
  }

  public void taskRun(TaskOutcome outcome) {
    taskRuns.get(requireNonNull(outcome, "outcome is null")).increment();
  }

  /** A task's statement ran on Trino for {@code elapsed}, as Trino reports it. */
  public void trinoQuery(Duration elapsed) {
    trinoQuerySeconds.observe(elapsed.toNanos() / 1e9);
  }

  /** Counts the fallback runs' outcomes, then tells {@code next}. */
  public FallbackOutcomeListener countingFallbackRuns(FallbackOutcomeListener next) {
    requireNonNull(next, "next is null");
    return new FallbackOutcomeListener() {
      @Override
      public void succeeded(FallbackOutcome outcome) {
        fallbackSucceeded.increment();
        next.succeeded(outcome);
      }

      @Override
      public void failed(FallbackOutcome outcome) {
        fallbackFailed.increment();
        next.failed(outcome);
      }
    };
  }

  /** The servlet that answers scrapes; it belongs on the admin port. */
  public HttpServlet servlet() {
    return new PrometheusServlet(this);
  }

  /** Every metric in the Prometheus text format 0.0.4. */
  public String scrape() {
    Map<PartitionState.Kind, Long> counted = partitionCounts.get();
    Map<String, Long> partitions = new LinkedHashMap<>();
    for (PartitionState.Kind kind : PartitionState.Kind.values()) {
      partitions.put(kind.name().toLowerCase(Locale.ROOT), counted.getOrDefault(kind, 0L));
    }
    Map<String, Long> runs = new LinkedHashMap<>();
    taskRuns.forEach((outcome, count) -> runs.put(outcome.name().toLowerCase(Locale.ROOT), count.sum()));
    return new PrometheusText()
        .counter(PREFIX + "snapshot_events_total", "Snapshot events the dataflow received, one per committed snapshot.",
            snapshotEvents.sum())
        .gauge(PREFIX + "partitions", "Partitions tracked by the dataflow, by state.", "state", partitions)
        .gauge(PREFIX + "tasks_in_flight", "Tasks handed to the workers and not finished: pending or running.",
            tasksInFlight.get())
        .gauge(PREFIX + "tasks_pending", "Tasks handed to the workers and not yet taken up by theirs; a task is handed over only when a worker is free.",
            tasksPending.get())
        .counter(PREFIX + "task_runs_total", "Runs of dataflow tasks, by outcome; a retried run failed and is attempted again.",
            "outcome", runs)
        .histogram(PREFIX + "trino_query_seconds", "Elapsed time on Trino of the statements of task runs that succeeded.",
            trinoQuerySeconds.snapshot())
        .histogram(PREFIX + "commit_to_dispatch_seconds",
            "From the commit of the newest snapshot that made a task's partitions stale to the task's dispatch.",
            commitToDispatchSeconds.snapshot())
        .counter(PREFIX + "fallback_runs_total", "Runs of Quartz fallback jobs, by outcome.", "outcome",
            orderedOutcomes(fallbackSucceeded.sum(), fallbackFailed.sum()))
        .toString();
  }

  private static Map<String, Long> orderedOutcomes(long succeeded, long failed) {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    outcomes.put("succeeded", succeeded);
    outcomes.put("failed", failed);
    return outcomes;
  }
}
