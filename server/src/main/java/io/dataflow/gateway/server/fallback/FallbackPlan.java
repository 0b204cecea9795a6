package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a task that does not run in the dataflow keeps running once its DAG no longer runs in Airflow:
 * the fallback job that reproduces it, or why the gateway cannot run it.
 *
 * <p>A task gets a job when the gateway can do what its operator does with what the import
 * recovered: a BashOperator whose {@code bash_command} was recovered runs as a shell command, and SQL
 * of a Trino connection that the dataflow cannot run as a partition replacement (opaque SQL, an
 * append) runs as it is on Trino; an HTTP operator's request is sent through the gateway's HTTP
 * connection of its {@code http_conn_id}. Anything else (Python callables, sensors, other engines'
 * SQL, a command kept in a script file, a response check) stays with Airflow: the reason says so.
 *
 * @param task the task
 * @param job the job, when the gateway can run the task
 * @param reason why it cannot, otherwise
 */
public record FallbackPlan(String task, Optional<FallbackJob> job, Optional<String> reason) {

  /** The time limit of a run of a task that sets no {@code execution_timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  public FallbackPlan {
    requireNonNull(task, "task is null");
    requireNonNull(job, "job is null");
    requireNonNull(reason, "reason is null");
    if (job.isPresent() == reason.isPresent()) {
      throw new IllegalArgumentException("Invalid fallback plan of " + task + ": a job exactly when there is no reason");
    }
  }

  /**
   * The plan of {@code taskId} of {@code dag}.
   *
   * @param trinoSql whether the task's SQL is Trino SQL (its connection is a Trino one)
   * @param outputs the datasets a successful run changes, as far as the gateway knows them
   * @param presetZone the zone of preset schedules such as {@code @daily}
   * @param from when the gateway takes the task over from Airflow: its first run is of the data
   *     interval under way then, the earlier ones having been Airflow's
   */
  public static FallbackPlan of(LegacyDag dag, String taskId, boolean trinoSql, List<String> outputs, ZoneId presetZone, Instant from) {
    return of(dag, taskId, trinoSql, outputs, presetZone, from, Map.of());
  }

  /**
   * The plan of {@code taskId} of {@code dag}, HTTP operators sent through {@code connections}.
   *
   * @param connections the gateway's HTTP connections by Airflow connection id ({@code fallback.httpConnections})
   * @see #of(LegacyDag, String, boolean, List, ZoneId, Instant)
   */
  public static FallbackPlan of(LegacyDag dag, String taskId, boolean trinoSql, List<String> outputs, ZoneId presetZone, Instant from,
      Map<String, HttpConnection> connections) {
    requireNonNull(connections, "connections is null");
    LegacyTask task = dag.task(taskId).orElseThrow(() -> new IllegalArgumentException("DAG '" + dag.dagId() + "' has no task '" + taskId + "'"));
    String where = task.operatorClass() + " " + taskId;
    if (dag.schedule() instanceof Schedule.DatasetTriggered || dag.schedule() instanceof Schedule.Timetable
        || dag.schedule() instanceof Schedule.None || dag.startDate().isEmpty()) {
      return without(taskId, "DAG " + dag.dagId() + " has no schedule the fallback can reproduce (" + describe(dag) + ")");
    }
    if (dag.schedule().equals(new Schedule.Preset("@once")) && dag.startDate().get().isBefore(from)) {
      return without(taskId, "DAG " + dag.dagId() + " runs @once, at " + dag.startDate().get() + ", which has passed: Airflow ran it");
    }
    Duration timeout = task.executionTimeout().orElse(DEFAULT_TIMEOUT);
    Optional<FallbackAction> action = Optional.empty();
    String reason;
    if (task.command().orElse(null) instanceof RecoveredSql command) {
      action = Optional.of(new FallbackAction.ShellCommand(command.text(), Map.of(), Optional.empty(), timeout));
      reason = "";
    } else if (task.command().isPresent()) {
      reason = where + ": its bash_command was not recovered";
    } else if (task.http().isPresent()) {
      HttpRequests.Outcome http = HttpRequests.call(where, task.http().get(), connections, timeout);
      action = http.call().map(FallbackAction.class::cast);
      reason = http.reason().orElse("");
    } else if (task.sql().orElse(null) instanceof RecoveredSql sql) {
      if (!trinoSql) {
        reason = where + ": its SQL is not Trino SQL, and the fallback runs SQL only on Trino";
      } else {
        action = Optional.of(new FallbackAction.TrinoSql(sql.statements().stream().map(FallbackPlan::stripped).toList(), timeout));
        reason = "";
      }
    } else if (task.sql().isPresent()) {
      reason = where + ": its SQL was not recovered";
    } else {
      reason = where + ": the gateway cannot run a " + task.operatorClass() + "; it stays in Airflow";
    }
    if (action.isEmpty()) {
      return without(taskId, reason);
    }
    FallbackJob job = FallbackJob.forTask(dag, taskId, presetZone, action.get(), outputs);
    FallbackJob takenOver = new FallbackJob(job.key(), job.schedule().takenOverAt(from), job.action(), job.outputs());
    return new FallbackPlan(taskId, Optional.of(takenOver), Optional.empty());
  }

  private static FallbackPlan without(String taskId, String reason) {
    return new FallbackPlan(taskId, Optional.empty(), Optional.of(reason));
  }

  private static String stripped(String statement) {
    String text = statement.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  private static String describe(LegacyDag dag) {
    if (dag.startDate().isEmpty()) {
      return "no start date";
    }
    return switch (dag.schedule()) {
      case Schedule.DatasetTriggered d -> "scheduled on datasets: " + d.condition();
      case Schedule.Timetable t -> "a custom timetable: " + t.description();
      case Schedule.None n -> "no schedule";
      default -> dag.schedule().toString();
    };
  }
}
