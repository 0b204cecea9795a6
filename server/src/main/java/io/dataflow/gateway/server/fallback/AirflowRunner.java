package io.dataflow.gateway.server.fallback;

import io.dataflow.gateway.importer.AirflowException;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DagRun;
import io.dataflow.gateway.importer.bridge.RunRequest;
import io.dataflow.gateway.importer.bridge.RunState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Triggers a DAG run in Airflow through the importer's bridge and waits for it to end. The run id is
 * {@code gateway_fallback__<logical date as yyyyMMddTHHmmss>}, safe in a URL path: the bridge retries a trigger with a run id after a
 * timeout and then finds the run the first attempt created, so one firing never makes two runs.
 */
final class AirflowRunner {

  private final Map<String, AirflowBridge> bridges;

  AirflowRunner(Map<String, AirflowBridge> bridges) {
    this.bridges = Map.copyOf(bridges);
  }

  static String runId(RunContext context) {
    return "gateway_fallback__" + context.macros().get("ts_nodash");
  }

  RunOutcome run(FallbackAction.AirflowDagRun action, RunContext context) {
    AirflowBridge bridge = bridges.get(action.connection());
    if (bridge == null) {
      return RunOutcome.failed("No Airflow connection named '" + action.connection() + "' is configured; known: "
          + new TreeSet<>(bridges.keySet()));
    }
    Map<String, Object> conf = new LinkedHashMap<>();
    action.conf().forEach((name, value) -> conf.put(name, context.render(value)));
    String runId = runId(context);
    try {
      DagRun run = bridge.trigger(action.dagId(),
          RunRequest.withRunId(runId, Optional.of(context.interval().logicalDate()), conf));
      if (!run.state().isTerminal()) {
        run = bridge.await(action.dagId(), run.runId(), action.timeout(), action.pollInterval());
      }
      String summary = "Airflow run " + run.runId() + " of DAG " + action.dagId() + " ended "
          + run.state().name().toLowerCase(Locale.ROOT) + "\n";
      if (run.state() == RunState.SUCCESS) {
        return new RunOutcome(true, Optional.empty(), summary, Optional.empty(), Optional.of(run.runId()));
      }
      String error = run.state() == RunState.FAILED
          ? "Airflow run " + run.runId() + " of DAG " + action.dagId() + " failed"
          : "Airflow run " + run.runId() + " of DAG " + action.dagId() + " was still "
              + run.state().name().toLowerCase(Locale.ROOT) + " after " + action.timeout();
      return new RunOutcome(false, Optional.empty(), run.state().isTerminal() ? summary : "", Optional.of(error), Optional.of(run.runId()));
    } catch (AirflowException e) {
      return new RunOutcome(false, Optional.empty(), "", Optional.of(e.getMessage()), Optional.of(runId));
    }
  }
}
