package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.Planner;
import io.dataflow.gateway.planner.scheduling.StartedRun;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the runs a stop interrupted, before anything new runs. The table history decides: a run
 * whose snapshot is in its output table's history (tagged with its run id, or written by its Trino
 * query) committed, and is recorded as a success with the checksums of that snapshot; any other
 * never committed (one statement commits all or nothing): it is recorded as interrupted, and its
 * task is pending again at once, on the same attempt, since a stop is no fault of the task.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final Planner planner;
  private final StateStore states;
  private final DataflowStore store;
  private final TaskRunner runner;
  private final CompiledDataflow compiled;
  private final Clock clock;

  Recovery(Planner planner, StateStore states, DataflowStore store, TaskRunner runner, CompiledDataflow compiled, Clock clock) {
    this.planner = planner;
    this.states = states;
    this.store = store;
    this.runner = runner;
    this.compiled = compiled;
    this.clock = clock;
  }

  void settleInterruptedRuns() {
    Map<RunId, StartedRun> interrupted = new LinkedHashMap<>();
    Map<RunId, NavigableMap<PartitionKey, Provenance>> reads = new LinkedHashMap<>();
    for (PartitionRecord record : states.inStates(Set.of(PartitionState.Kind.RUNNING))) {
      PartitionState.Running running = (PartitionState.Running) record.state();
      reads.computeIfAbsent(running.run(), r -> new TreeMap<>()).put(record.ref().key(), running.reads());
      interrupted.putIfAbsent(running.run(), new StartedRun(running.task(), running.run(), new TreeMap<>()));
    }
    interrupted.forEach((run, started) -> {
      try {
        settle(new StartedRun(started.task(), run, reads.get(run)));
      } catch (RuntimeException e) {
        LOG.error("Cannot settle run {} interrupted by the last stop; it stays running", run, e);
      }
    });
  }

  private void settle(StartedRun started) {
    RunId run = started.run();
    Optional<String> queryId = store.run(run.value()).flatMap(RunRecord::trinoQueryId);
    OptionalLong snapshot = runner.committedSnapshot(started, queryId);
    Optional<CompiledDataflow.CompiledTask> task = compiled.task(started.task().transform());
    if (snapshot.isPresent() && task.isPresent()) {
      Map<PartitionKey, String> checksums = runner.checksums(task.get(), TaskRunner.scope(started.task().partitions()),
          started.task().partitions(), snapshot);
      planner.onSuccess(run, snapshot.getAsLong(), checksums);
      store.runSettled(run, snapshot.getAsLong(), clock.instant());
      LOG.info("Run {} of task {} committed snapshot {} before the last stop: recorded as done", run, started.task().id(), snapshot.getAsLong());
    } else {
      Instant now = clock.instant();
      Optional<Task> again = planner.onInterrupted(run, now);
      store.runFailed(run, "the gateway stopped while the run was under way, before it committed", "INTERRUPTED", now);
      if (again.isPresent()) {
        LOG.info("Run {} of task {} had not committed when the gateway stopped: it runs again now, attempt {}", run,
            started.task().id(), again.get().attempt());
      } else {
        LOG.info("Run {} of task {} had not committed when the gateway stopped: its inputs changed meanwhile, so it is"
            + " planned again once they are fresh", run, started.task().id());
      }
    }
  }
}
