package io.dataflow.gateway.server.fallback;

import io.dataflow.gateway.server.metrics.LogFields;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One firing of a fallback job, independent of Quartz: find the data interval it closes, record the run,
 * run the action, record how it ended and tell the listener.
 */
final class FallbackExecution implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FallbackExecution.class);

  private final FallbackRunStore store;
  private final FallbackOutcomeListener listener;
  private final ShellRunner shell;
  private final HttpRunner http;
  private final TrinoSqlRunner trino;
  private final AirflowRunner airflow;
  private final Clock clock;

  FallbackExecution(FallbackSettings settings, FallbackRunStore store, FallbackResources resources,
      FallbackOutcomeListener listener, Clock clock) {
    this.store = store;
    this.listener = listener;
    this.clock = clock;
    this.shell = new ShellRunner(settings.outputCaptureLimit());
    this.http = new HttpRunner(settings.outputCaptureLimit(), resources.environment());
    this.trino = new TrinoSqlRunner(settings.outputCaptureLimit(), resources.trino());
    this.airflow = new AirflowRunner(resources.airflow());
  }

  /**
   * Runs one firing.
   *
   * @param scheduledAt when the firing was due (for a late firing under "fire once now": when it fired)
   * @param instanceId the scheduler instance running it
   * @return the recorded run's id, or empty if this logical date had already run
   */
  Optional<Long> fire(FallbackJob job, Instant scheduledAt, String instanceId) {
    DataInterval interval = ScheduleConversion.convert(job.schedule()).intervalFor(scheduledAt);
    try (LogFields fields = LogFields.of(LogFields.DAG_ID, job.key().dagId())
        .and(LogFields.TASK_ID, job.key().taskId())
        .and(LogFields.LOGICAL_DATE, interval.logicalDate().toString())) {
      return fire(job, scheduledAt, instanceId, interval, fields);
    }
  }

  /**
   * Runs again a firing whose gateway instance stopped during the run (Quartz's recovery of a job of a
   * failed cluster member): the run left {@code running} by the dead instance is taken over and run
   * from the start; a firing that had not been recorded, or had finished, is treated as a new firing.
   *
   * @param scheduledAt when the original firing was due
   * @return the run's id, or empty if this logical date has a finished run
   */
  Optional<Long> recover(FallbackJob job, Instant scheduledAt, String instanceId) {
    DataInterval interval = ScheduleConversion.convert(job.schedule()).intervalFor(scheduledAt);
    try (LogFields fields = LogFields.of(LogFields.DAG_ID, job.key().dagId())
        .and(LogFields.TASK_ID, job.key().taskId())
        .and(LogFields.LOGICAL_DATE, interval.logicalDate().toString())) {
      RunContext context = new RunContext(job.key(), interval, scheduledAt);
      Optional<FallbackRunStore.TakenOver> taken = store.takeOver(context, clock.instant(), instanceId);
      if (taken.isEmpty()) {
        return fire(job, scheduledAt, instanceId, interval, fields);
      }
      LOG.warn("Fallback run {} of {} was cut short when gateway instance {} stopped; instance {} runs it again",
          taken.get().runId(), job.key(), taken.get().previousInstance(), instanceId);
      return Optional.of(run(job, context, taken.get().runId(), fields));
    }
  }

  private Optional<Long> fire(FallbackJob job, Instant scheduledAt, String instanceId, DataInterval interval, LogFields fields) {
    RunContext context = new RunContext(job.key(), interval, scheduledAt);
    Optional<Long> recorded = store.start(context, job.action().kind(), clock.instant(), instanceId);
    if (recorded.isEmpty()) {
      LOG.info("Fallback job {}: logical date {} has run already; this firing is skipped", job.key(), interval.logicalDate());
      return Optional.empty();
    }
    return Optional.of(run(job, context, recorded.get(), fields));
  }

  private long run(FallbackJob job, RunContext context, long runId, LogFields fields) {
    DataInterval interval = context.interval();
    fields.and(LogFields.FALLBACK_RUN_ID, Long.toString(runId));
    LOG.info("Fallback run {} of {} started: logical date {}, data interval [{}, {})", runId, job.key(),
        interval.logicalDate(), interval.start(), interval.end());
    RunOutcome outcome;
    try {
      outcome = switch (job.action()) {
        case FallbackAction.ShellCommand command -> shell.run(command, context);
        case FallbackAction.HttpCall call -> http.run(call, context);
        case FallbackAction.TrinoSql sql -> trino.run(sql, context);
        case FallbackAction.AirflowDagRun run -> airflow.run(run, context);
      };
    } catch (RuntimeException e) {
      outcome = RunOutcome.failed("The " + job.action().kind() + " action failed unexpectedly: " + e);
    }
    store.finish(runId, outcome, clock.instant());
    LOG.info("Fallback run {} of {} {}{}", runId, job.key(), outcome.succeeded() ? "succeeded" : "failed",
        outcome.error().map(error -> ": " + error).orElse(""));
    FallbackOutcome result = new FallbackOutcome(runId, job.key(), interval, job.outputs(), outcome.error());
    try {
      if (outcome.succeeded()) {
        listener.succeeded(result);
      } else {
        listener.failed(result);
      }
    } catch (RuntimeException e) {
      LOG.error("The listener of fallback outcomes failed on run {} of {}", runId, job.key(), e);
    }
    return runId;
  }

  @Override
  public void close() {
    http.close();
  }
}
