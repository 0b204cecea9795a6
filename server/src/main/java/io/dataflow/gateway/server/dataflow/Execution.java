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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task from start to recorded outcome. */
final class Execution {

  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
  /** Where a run's row and its query id are written, beside the run. */
  private static final Executor RECORDING = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dataflow-run-record-", 1).factory());

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

  /** Runs {@code started}, which the planner has marked running, and records its outcome. */
  void run(StartedRun started) {
    try (LogFields fields = LogFields.of(LogFields.RUN_ID, started.run().value())) {
      run(started, started.task(), started.run());
    }
  }

  private void run(StartedRun started, Task task, RunId run) {
    // The run's row is written while its statement is rendered and sent, and its query id once the
    // row is there; the outcome waits for both. The partitions' states say the run is running
    // already, and the table history settles it should the gateway stop before its row is written.
    Instant startedAt = clock.instant();
    CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> store.runStarted(run, task, startedAt), RECORDING);
    List<CompletableFuture<Void>> records = new CopyOnWriteArrayList<>(List.of(recorded));
    LOG.info("Run {}: task {} ({}: {})", run, task, task.strategy(), task.reason());
    Optional<CompiledDataflow.CompiledTask> compiledTask = compiled.task(task.transform());
    TaskRunner.Outcome outcome = compiledTask.isPresent()
        ? runner.run(started, compiledTask.get(),
            queryId -> records.add(recorded.thenRunAsync(() -> store.queryStarted(run, queryId), RECORDING)))
        : new TaskRunner.Outcome.Failed(Failure.permanent("transform " + task.transform() + " is no longer defined"), "GATEWAY");
    switch (outcome) {
      case TaskRunner.Outcome.Succeeded s -> {
        long snapshot = s.snapshotId().orElse(0L);
        SuccessOutcome result = planner.onSuccess(run, snapshot, s.checksums());
        awaitRecorded(run, records);
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
        awaitRecorded(run, records);
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

  /** Waits until the run's row and its query id are written; a failure to write them is the run's. */
  private static void awaitRecorded(RunId run, List<CompletableFuture<Void>> records) {
    try {
      CompletableFuture.allOf(records.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new DataflowException("Cannot record run " + run, e);
    }
  }
}
