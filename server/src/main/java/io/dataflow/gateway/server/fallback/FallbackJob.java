package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import java.time.ZoneId;
import java.util.List;

/**
 * An Airflow task that runs in the fallback: when (its DAG's schedule), what (its action) and which
 * datasets a success changes.
 *
 * @param key the task it stands in for
 * @param schedule its DAG's schedule
 * @param action what runs at each firing
 * @param outputs the ids of the datasets a successful run changes, handed to the
 *     {@link FallbackOutcomeListener}; empty when the task writes nothing the dataflow tracks
 */
public record FallbackJob(FallbackJobKey key, FallbackSchedule schedule, FallbackAction action, List<String> outputs) {

  public FallbackJob {
    requireNonNull(key, "key is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(action, "action is null");
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    if (!key.dagId().equals(schedule.dagId())) {
      throw new IllegalArgumentException("Invalid fallback job " + key + ": its schedule belongs to DAG '"
          + schedule.dagId() + "'");
    }
    for (String output : outputs) {
      if (output.isBlank()) {
        throw new IllegalArgumentException("Invalid fallback job " + key + ": an output dataset id is blank");
      }
    }
  }

  /**
   * The fallback job of one task of an imported DAG.
   *
   * @throws IllegalArgumentException if the DAG has no such task
   */
  public static FallbackJob forTask(LegacyDag dag, String taskId, ZoneId presetZone, FallbackAction action, List<String> outputs) {
    if (dag.task(taskId).isEmpty()) {
      throw new IllegalArgumentException("DAG '" + dag.dagId() + "' has no task '" + taskId + "'");
    }
    return new FallbackJob(new FallbackJobKey(dag.dagId(), taskId), FallbackSchedule.of(dag, presetZone), action, outputs);
  }
}
