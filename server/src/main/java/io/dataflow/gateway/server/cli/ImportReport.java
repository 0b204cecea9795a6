package io.dataflow.gateway.server.cli;

import static io.dataflow.gateway.server.cli.CommandLineException.oneLine;

import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.change.DagAspect;
import io.dataflow.gateway.importer.change.DagChange;
import io.dataflow.gateway.importer.change.ImportComparison;
import io.dataflow.gateway.importer.change.TaskAspect;
import io.dataflow.gateway.importer.change.TaskChange;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The readable report of the {@code import} command. */
final class ImportReport {

  private ImportReport() {}

  /**
   * Per DAG: paused or not, its task count, its schedule, and for each task with SQL how the template
   * was recovered or why not; then the DAGs that failed and the totals.
   */
  static void printImport(PrintStream out, String source, ImportResult result) {
    out.println("Imported " + count(result.dags().size(), "DAG") + " from " + source + ", "
        + result.failures().size() + " failed");
    int fromSource = 0;
    int deRendered = 0;
    int constant = 0;
    int unavailable = 0;
    for (LegacyDag dag : result.dags()) {
      long withSql = dag.tasks().stream().filter(t -> t.sql().isPresent()).count();
      out.println();
      out.println(dag.dagId() + (dag.paused() ? " (paused)" : "") + ": " + count(dag.tasks().size(), "task")
          + (withSql > 0 ? " (" + withSql + " with SQL)" : "") + ", schedule " + schedule(dag.schedule()));
      for (LegacyTask task : dag.tasks()) {
        if (task.sql().isEmpty()) {
          continue;
        }
        SqlTemplate sql = task.sql().get();
        out.println("  " + task.taskId() + " (" + task.operatorClass() + "): " + sql(sql));
        switch (sql) {
          case RecoveredSql recovered when recovered.origin() == SqlOrigin.DAG_SOURCE -> fromSource++;
          case RecoveredSql recovered when recovered.origin() == SqlOrigin.DE_RENDERED -> deRendered++;
          case RecoveredSql _ -> constant++;
          case SqlUnavailable _ -> unavailable++;
        }
      }
    }
    if (!result.failures().isEmpty()) {
      out.println();
      out.println("Not imported:");
      for (ImportFailure failure : result.failures()) {
        out.println("  " + failure.dagId() + ": " + oneLine(failure.where()) + ": " + oneLine(failure.reason()));
      }
    }
    out.println();
    out.println("SQL templates: " + (fromSource + deRendered + constant) + " recovered (" + fromSource
        + " from the DAG source, " + deRendered + " de-rendered from runs, " + constant + " constant), "
        + unavailable + " not recovered");
  }

  /** The comparison with the baseline: the summary line, then every DAG that is not unchanged. */
  static void printChanges(PrintStream out, String baseline, ImportComparison comparison) {
    out.println();
    out.println("Changes since the baseline " + baseline + ": " + comparison.summary());
    // new, changed, removed, failed; by DAG id within each
    List<DagChange> changes = comparison.dags().stream()
        .sorted(Comparator.comparing((DagChange c) -> c.kind()).thenComparing(DagChange::dagId)).toList();
    for (DagChange change : changes) {
      String line = switch (change) {
        case DagChange.New added -> "new        " + added.dagId();
        case DagChange.Changed changed -> "changed    " + changed.dagId() + ": " + changed(changed);
        case DagChange.Unchanged _ -> null;
        case DagChange.Removed removed -> "removed    " + removed.dagId();
        case DagChange.Failed failed -> "failed     " + failed.dagId() + ": " + oneLine(failed.where()) + ": "
            + oneLine(failed.reason()) + (failed.previousHash().isPresent() ? " (kept in the baseline as it was)" : "");
      };
      if (line != null) {
        out.println("  " + line);
      }
    }
  }

  private static String changed(DagChange.Changed changed) {
    List<String> parts = new ArrayList<>();
    for (DagAspect aspect : changed.aspects()) {
      if (aspect != DagAspect.TASKS) {
        parts.add(lower(aspect.name()));
      }
    }
    for (TaskChange task : changed.tasks()) {
      parts.add("task " + task.taskId() + switch (task.kind()) {
        case ADDED -> " added";
        case REMOVED -> " removed";
        case MODIFIED -> " (" + task.aspects().stream().map(TaskAspect::name).map(ImportReport::lower)
            .collect(Collectors.joining(", ")) + ")";
      });
    }
    return String.join("; ", parts);
  }

  static String schedule(Schedule schedule) {
    return switch (schedule) {
      case Schedule.Cron cron -> "cron " + cron.expression() + " (" + cron.timezone() + ")";
      case Schedule.Preset preset -> preset.name();
      case Schedule.Timedelta every -> "every " + duration(every.every());
      case Schedule.DatasetTriggered triggered -> "on updates of " + triggered.condition();
      case Schedule.Timetable timetable -> "timetable " + oneLine(timetable.description());
      case Schedule.None _ -> "none (triggered from outside)";
    };
  }

  static String sql(SqlTemplate sql) {
    return switch (sql) {
      case RecoveredSql recovered -> switch (recovered.origin()) {
        case DAG_SOURCE -> "SQL from the DAG source";
        case DE_RENDERED -> "SQL de-rendered from " + count(recovered.evidence(), "run") + ", confidence "
            + confidence(recovered.confidence());
        case RENDERED_CONSTANT -> "SQL rendered the same in " + count(recovered.evidence(), "run")
            + " with no date in it, confidence " + confidence(recovered.confidence());
      } + (recovered.statements().size() > 1 ? ", " + recovered.statements().size() + " statements" : "");
      case SqlUnavailable missing -> "SQL not recovered: " + oneLine(missing.reason());
    };
  }

  private static String confidence(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String duration(Duration duration) {
    List<String> parts = new ArrayList<>();
    Optional.of(duration.toDaysPart()).filter(v -> v > 0).ifPresent(v -> parts.add(v + "d"));
    Optional.of(duration.toHoursPart()).filter(v -> v > 0).ifPresent(v -> parts.add(v + "h"));
    Optional.of(duration.toMinutesPart()).filter(v -> v > 0).ifPresent(v -> parts.add(v + "min"));
    Optional.of(duration.toSecondsPart()).filter(v -> v > 0).ifPresent(v -> parts.add(v + "s"));
    return parts.isEmpty() ? duration.toString() : String.join(" ", parts);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
