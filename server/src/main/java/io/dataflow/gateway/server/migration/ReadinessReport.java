package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.importer.model.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How ready a DAG is for the dataflow: per task, whether it is translated or stays on its old
 * scheduler and why, its semantics class and dependencies; and the risks found in the DAG as Airflow
 * runs it today, which the dataflow removes or exposes.
 *
 * @param dagId the DAG
 * @param schedule the DAG's schedule as Airflow has it
 * @param tasks one entry per task, in the DAG's order
 * @param risks what can go wrong with the DAG as it runs today
 */
public record ReadinessReport(String dagId, String schedule, List<TaskReadiness> tasks, List<Risk> risks) {

  public ReadinessReport {
    requireNonNull(dagId, "dagId is null");
    requireNonNull(schedule, "schedule is null");
    tasks = List.copyOf(tasks);
    risks = List.copyOf(risks);
  }

  /** One task: where it runs now, what it computes, what it reads. */
  public record TaskReadiness(
      String taskId,
      String translation,
      Optional<String> reason,
      Optional<String> semantics,
      Optional<String> semanticsReason,
      List<String> dependencies) {
    public TaskReadiness {
      dependencies = List.copyOf(dependencies);
    }
  }

  /** A kind of risk in a legacy DAG. */
  public enum RiskKind {
    /** A task reads partitions of an upstream table that the DAG never makes it wait for. */
    HIDDEN_DEPENDENCY,
    /** A task appends without replacing what it wrote: a rerun duplicates rows. */
    NON_IDEMPOTENT_APPEND,
    /** A clock starts the runs, guessing when data written outside the DAG has landed. */
    SCHEDULE_GUESSES_ARRIVAL,
    /** A table another DAG writes is read without any declared dependency on it. */
    UNDECLARED_SHARED_TABLE,
    /** The task's SQL could not be recovered, so what it reads and writes is unknown. */
    SQL_NOT_RECOVERED
  }

  /** One risk, on one task. */
  public record Risk(RiskKind kind, String taskId, String detail) {
    public Risk {
      requireNonNull(kind, "kind is null");
      requireNonNull(taskId, "taskId is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /**
   * The report of {@code dag}.
   *
   * @param all every imported DAG, to find tables written by other DAGs
   */
  static ReadinessReport of(DagService.DagView dag, List<DagService.DagView> all) {
    Map<TableName, String> writtenHere = writers(dag);
    Map<TableName, String> writtenElsewhere = new LinkedHashMap<>();
    for (DagService.DagView other : all) {
      if (!other.dagId().equals(dag.dagId())) {
        writers(other).forEach((table, task) -> writtenElsewhere.putIfAbsent(table, other.dagId() + "." + task));
      }
    }
    List<TaskReadiness> tasks = new ArrayList<>();
    List<Risk> risks = new ArrayList<>();
    Schedule schedule = dag.dag().schedule();
    boolean clock = schedule instanceof Schedule.Cron || schedule instanceof Schedule.Preset || schedule instanceof Schedule.Timedelta;
    for (DagService.TaskView task : dag.tasks()) {
      Optional<TaskAnnotation> annotation = task.annotation();
      tasks.add(new TaskReadiness(task.taskId(), task.status().name().toLowerCase(Locale.ROOT), task.reason(),
          annotation.map(a -> a.semantics().name()), annotation.map(TaskAnnotation::reason),
          annotation.map(a -> a.inputs().stream().map(i -> i.table() + ": " + i.dependency().describe()).toList()).orElse(List.of())));
      if (task.sql().isEmpty() && task.sqlOrigin().startsWith("SQL unavailable")) {
        risks.add(new Risk(RiskKind.SQL_NOT_RECOVERED, task.taskId(), task.sqlOrigin()));
      }
      if (annotation.isEmpty()) {
        continue;
      }
      annotation.get().output().filter(o -> o.writeMode() == WriteMode.APPEND).ifPresent(output -> risks.add(new Risk(
          RiskKind.NON_IDEMPOTENT_APPEND, task.taskId(), "appends to " + output.table() + " without replacing what an earlier try"
              + " wrote: clearing or retrying the task in Airflow duplicates its rows; the dataflow replaces the partition instead")));
      for (InputTable input : annotation.get().inputs()) {
        String upstream = writtenHere.get(input.table());
        if (upstream != null && !upstream.equals(task.taskId()) && readsOtherPartitions(input.dependency())) {
          risks.add(new Risk(RiskKind.HIDDEN_DEPENDENCY, task.taskId(), "reads %s (%s), written by %s, but the DAG only makes it wait"
              .formatted(input.table(), input.dependency().describe(), upstream)
              + " for the run of the same logical date: the other partitions may not be there yet, and a restatement of them"
              + " does not rerun it"));
        }
        if (upstream == null && writtenElsewhere.containsKey(input.table())
            && dag.dag().consumedDatasets().stream().noneMatch(uri -> uri.endsWith(input.table().toString()))) {
          risks.add(new Risk(RiskKind.UNDECLARED_SHARED_TABLE, task.taskId(), "reads %s, which %s writes, without any declared"
              .formatted(input.table(), writtenElsewhere.get(input.table())) + " dependency (no dataset/asset schedules this DAG on it)"));
        }
        if (upstream == null && clock) {
          risks.add(new Risk(RiskKind.SCHEDULE_GUESSES_ARRIVAL, task.taskId(), "reads %s, written outside this DAG, on a clock (%s):"
              .formatted(input.table(), describe(schedule)) + " the run guesses that the data has landed; late or restated"
              + " partitions are not picked up"));
        }
      }
    }
    return new ReadinessReport(dag.dagId(), describe(schedule), tasks, risks);
  }

  /**
   * The reports of {@code dags} as imported, before anything is migrated: each task's SQL annotated
   * against {@code schema} (the tables' schemas, or none for the syntax only).
   */
  public static List<ReadinessReport> offline(List<io.dataflow.gateway.importer.model.LegacyDag> dags,
      io.dataflow.gateway.annotator.schema.SchemaProvider schema, java.time.Instant at) {
    io.dataflow.gateway.annotator.SemanticAnnotator annotator = io.dataflow.gateway.annotator.SemanticAnnotator.create();
    List<DagService.DagView> views = dags.stream().map(dag -> DagService.offlineView(dag, annotator, schema, at)).toList();
    return views.stream().map(view -> of(view, views)).toList();
  }

  private static boolean readsOtherPartitions(PartitionDependency dependency) {
    return !(dependency instanceof PartitionDependency.Identity);
  }

  private static Map<TableName, String> writers(DagService.DagView dag) {
    Map<TableName, String> writers = new LinkedHashMap<>();
    for (DagService.TaskView task : dag.tasks()) {
      task.annotation().flatMap(TaskAnnotation::output).ifPresent(o -> writers.putIfAbsent(o.table(), task.taskId()));
    }
    return writers;
  }

  private static String describe(Schedule schedule) {
    return switch (schedule) {
      case Schedule.Cron c -> "cron " + c.expression() + " " + c.timezone();
      case Schedule.Preset p -> p.name();
      case Schedule.Timedelta t -> "every " + t.every();
      case Schedule.DatasetTriggered d -> "on datasets " + d.condition();
      case Schedule.Timetable t -> "timetable " + t.description();
      case Schedule.None n -> "no schedule";
    };
  }

  /** The report as Markdown, for a terminal or a pull request. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Readiness of DAG `").append(dagId).append("`\n\nSchedule: ").append(schedule).append("\n\n");
    out.append("| task | translation | class | reads |\n|---|---|---|---|\n");
    for (TaskReadiness task : tasks) {
      out.append("| ").append(task.taskId()).append(" | ").append(task.translation())
          .append(task.reason().map(r -> ": " + cell(r)).orElse("")).append(" | ")
          .append(task.semantics().orElse("—")).append(" | ")
          .append(task.dependencies().isEmpty() ? "—" : cell(String.join("; ", task.dependencies()))).append(" |\n");
    }
    out.append("\n## Risks in the DAG as it runs today\n\n");
    if (risks.isEmpty()) {
      out.append("None found.\n");
    }
    Map<RiskKind, List<Risk>> byKind = risks.stream().collect(Collectors.groupingBy(Risk::kind, LinkedHashMap::new, Collectors.toList()));
    byKind.forEach((kind, list) -> {
      out.append("### ").append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("\n\n");
      list.forEach(r -> out.append("- `").append(r.taskId()).append("` ").append(r.detail()).append("\n"));
      out.append("\n");
    });
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
