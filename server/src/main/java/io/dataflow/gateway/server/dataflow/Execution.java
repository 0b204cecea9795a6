package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.planner.scheduling.Failure;
import io.dataflow.gateway.planner.scheduling.FailureOutcome;
import io.dataflow.gateway.planner.scheduling.Planner;
import io.dataflow.gateway.planner.scheduling.StartedRun;
import io.dataflow.gateway.planner.scheduling.SuccessOutcome;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.server.metrics.GatewayMetrics;
import io.dataflow.gateway.server.metrics.LogFields;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task from start to recorded outcome. */
final class Execution {

  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

  private final Planner planner;
  private final DataflowStore store;
  private final TaskRunner runner;
  private final CompiledDataflow compiled;
  private final Clock clock;
  private final GatewayMetrics metrics;

  Execution(Planner planner, DataflowStore store, TaskRunner runner, CompiledDataflow compiled, Clock clock, GatewayMetrics metrics) {
    this.planner = planner;
    this.store = store;
    this.runner = runner;
    this.compiled = compiled;
    this.clock = clock;
    this.metrics = metrics;
  }

  void run(Task task) {
    RunId run = new RunId("run-" + UUID.randomUUID());
    try (LogFields fields = LogFields.of(LogFields.RUN_ID, run.value())) {
      run(task, run);
    }
  }

  private void run(Task task, RunId run) {
    Optional<StartedRun> started = planner.start(task.id(), run);
    if (started.isEmpty()) {
      LOG.debug("Task {} was cancelled by a newer change before it started", task.id());
      return;
    }
    store.runStarted(run, task, clock.instant());
    LOG.info("Run {}: task {} ({}: {})", run, task, task.strategy(), task.reason());
    Optional<CompiledDataflow.CompiledTask> compiledTask = compiled.task(task.transform());
    TaskRunner.Outcome outcome = compiledTask.isPresent()
        ? runner.run(started.get(), compiledTask.get())
        : new TaskRunner.Outcome.Failed(Failure.permanent("transform " + task.transform() + " is no longer defined"), "GATEWAY");
    switch (outcome) {
      case TaskRunner.Outcome.Succeeded s -> {
        long snapshot = s.snapshotId().orElse(0L);
        SuccessOutcome result = planner.onSuccess(run, snapshot, s.checksums());
        store.runSucceeded(run, s.snapshotId(), s.statistics(), clock.instant());
        metrics.taskRun(GatewayMetrics.TaskOutcome.SUCCEEDED);
        metrics.trinoQuery(s.statistics().elapsedTime());
        LOG.info("Run {} committed snapshot {} in {} ms: {} fresh, {} stale again, {} unchanged, {} cut off downstream",
            run, s.snapshotId().isPresent() ? s.snapshotId().getAsLong() : "(none: nothing changed)",
            s.statistics().elapsedTime().toMillis(), result.fresh().size(), result.staleAgain().size(),
            result.unchanged().size(), result.cutOff().size());
      }
      case TaskRunner.Outcome.Failed f -> {
        FailureOutcome result = planner.onFailure(run, f.failure(), clock.instant());
        store.runFailed(run, f.failure().message(), f.kind(), clock.instant());
        metrics.taskRun(result instanceof FailureOutcome.GaveUp ? GatewayMetrics.TaskOutcome.FAILED : GatewayMetrics.TaskOutcome.RETRIED);
        switch (result) {
          case FailureOutcome.Retry retry -> LOG.warn("Run {} failed ({}); attempt {} at {}", run, f.kind(), retry.task().attempt(), retry.notBefore());
          case FailureOutcome.Replanned replanned -> LOG.warn("Run {} failed ({}) after an input changed: {} partition(s) planned again from"
              + " the new input: {}", run, f.kind(), replanned.stale().size(), replanned.error());
          case FailureOutcome.GaveUp gaveUp -> LOG.warn("Run {} failed ({}): {} partition(s) failed, {} blocked downstream: {}",
              run, f.kind(), gaveUp.failed().size(), gaveUp.blocked().size(), gaveUp.error());
        }
      }
    }
  }
}
