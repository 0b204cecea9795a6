package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.importer.AirflowImporter;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.change.DagChange;
import io.dataflow.gateway.importer.change.Fingerprints;
import io.dataflow.gateway.importer.change.ImportBaseline;
import io.dataflow.gateway.importer.change.ImportComparison;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Imports DAGs from Airflow (or an exported snapshot), keeps them with what changed since the last
 * import, and migrates them into the dataflow task by task: a task whose SQL the dataflow can run is
 * translated; any other stays with its old scheduler, with the reason.
 */
public final class DagService {

  /** How a task of an imported DAG runs now. */
  public enum TranslationStatus {
    /** It runs in the dataflow. */
    TRANSLATED,
    /** Its DAG was migrated but this task cannot run in the dataflow: it stays on its schedule. */
    FALLBACK,
    /** Its DAG (or the task) has not been migrated. */
    NOT_MIGRATED
  }

  /**
   * One task of an imported DAG as the gateway sees it.
   *
   * @param taskId the task
   * @param operator the operator's class
   * @param sql the SQL template, if it was recovered
   * @param sqlOrigin how the SQL was recovered, or why it could not be
   * @param dialect the dialect it is read in
   * @param annotation what the annotator reads in it, when it has SQL that parses
   * @param annotationError why the annotator could not read it
   * @param status how it runs now
   * @param reason why it is not translated, when it is not
   */
  public record TaskView(
      String taskId,
      String operator,
      Optional<String> sql,
      String sqlOrigin,
      Dialect dialect,
      Optional<TaskAnnotation> annotation,
      Optional<String> annotationError,
      TranslationStatus status,
      Optional<String> reason) {}

  /** An imported DAG with its tasks. */
  public record DagView(
      String dagId, String fingerprint, String importId, Instant importedAt, Optional<Instant> migratedAt, LegacyDag dag, List<TaskView> tasks) {}

  /**
   * A request to migrate a DAG.
   *
   * @param tasks the tasks to migrate; empty for every task of the DAG that has SQL
   * @param tables schemas of output tables that do not exist yet
   * @param dialects the dialect of each Airflow connection id, where the operator does not say
   */
  public record MigrateRequest(List<String> tasks, List<TableSchema> tables, Map<String, Dialect> dialects) {
    public MigrateRequest {
      tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
      tables = List.copyOf(requireNonNull(tables, "tables is null"));
      dialects = Map.copyOf(requireNonNull(dialects, "dialects is null"));
    }
  }

  private final DagStore store;
  private final DataflowRuntime dataflow;
  private final Clock clock;

  public DagService(DataSource dataSource, DataflowRuntime dataflow) {
    this.store = new DagStore(dataSource);
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.clock = Clock.systemUTC();
  }

  /** Imports every DAG {@code importer} reads and records what changed since the last import. */
  public ImportRecord importDags(AirflowImporter importer, String source) {
    Instant started = clock.instant();
    ImportResult result = importer.importDags(DagFilter.ALL);
    Map<String, io.dataflow.gateway.importer.change.DagFingerprint> previous = new LinkedHashMap<>();
    for (DagStore.StoredDag stored : store.dags()) {
      previous.put(stored.dag().dagId(), Fingerprints.of(stored.dag()));
    }
    ImportComparison comparison = ImportComparison.compare(new ImportBaseline(Fingerprints.VERSION, previous), result);
    List<ImportRecord.DagResult> outcomes = new ArrayList<>();
    for (DagChange change : comparison.dags()) {
      outcomes.add(switch (change) {
        case DagChange.New n -> new ImportRecord.DagResult(n.dagId(), ImportRecord.Outcome.NEW, Optional.empty());
        case DagChange.Changed c -> new ImportRecord.DagResult(c.dagId(), ImportRecord.Outcome.CHANGED, Optional.of("changed: "
            + c.aspects().stream().map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
        case DagChange.Unchanged u -> new ImportRecord.DagResult(u.dagId(), ImportRecord.Outcome.UNCHANGED, Optional.empty());
        case DagChange.Removed r -> new ImportRecord.DagResult(r.dagId(), ImportRecord.Outcome.REMOVED,
            Optional.of("no longer in Airflow; its last import is kept"));
        case DagChange.Failed f -> new ImportRecord.DagResult(f.dagId(), ImportRecord.Outcome.FAILED, Optional.of(f.where() + ": " + f.reason()));
      });
    }
    Set<String> reported = outcomes.stream().map(ImportRecord.DagResult::dagId).collect(Collectors.toSet());
    for (ImportFailure failure : result.failures()) {
      if (!reported.contains(failure.dagId())) {
        outcomes.add(new ImportRecord.DagResult(failure.dagId(), ImportRecord.Outcome.FAILED, Optional.of(failure.where() + ": " + failure.reason())));
      }
    }
    ImportRecord record = new ImportRecord("import-" + UUID.randomUUID(), source, started, clock.instant(), outcomes);
    store.saveImport(record, result.dags());
    return record;
  }

  public Optional<ImportRecord> importRecord(String importId) {
    return store.importRecord(importId);
  }

  /** Every imported DAG with its tasks. */
  public List<DagView> dags() {
    return store.dags().stream().map(d -> view(d, Map.of())).toList();
  }

  public Optional<DagView> dag(String dagId) {
    return store.dag(dagId).map(d -> view(d, Map.of()));
  }

  /** How ready {@code dagId} is for the dataflow, and the risks of the DAG as it runs today. */
  public Optional<ReadinessReport> readiness(String dagId) {
    List<DagView> all = dags();
    return all.stream().filter(d -> d.dagId().equals(dagId)).findFirst().map(d -> ReadinessReport.of(d, all));
  }

  /**
   * Migrates {@code dagId}'s tasks into the dataflow.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   * @throws IllegalArgumentException naming a listed task the DAG does not have, or one without SQL
   * @throws io.dataflow.gateway.planner.model.InvalidDataflowException when the tasks do not form a
   *     valid dataflow with the rest
   */
  public DagView migrate(String dagId, MigrateRequest request) {
    DagStore.StoredDag stored = store.dag(dagId).orElseThrow(() -> new java.util.NoSuchElementException("No imported DAG " + dagId));
    LegacyDag dag = stored.dag();
    List<LegacyTask> chosen = new ArrayList<>();
    if (request.tasks().isEmpty()) {
      dag.tasks().stream().filter(t -> recovered(t).isPresent()).forEach(chosen::add);
    } else {
      for (String taskId : request.tasks()) {
        LegacyTask task = dag.task(taskId).orElseThrow(() -> new IllegalArgumentException(
            "tasks: DAG %s has no task %s; it has %s".formatted(dagId, taskId, dag.tasks().stream().map(LegacyTask::taskId).toList())));
        if (recovered(task).isEmpty()) {
          throw new IllegalArgumentException("tasks: task %s of DAG %s has no SQL the dataflow could run (%s)"
              .formatted(taskId, dagId, sqlOrigin(task)));
        }
        chosen.add(task);
      }
    }
    List<TaskDefinition> definitions = chosen.stream()
        .map(t -> new TaskDefinition(transformId(dagId, t.taskId()), recovered(t).orElseThrow(), dialect(t, request.dialects()), dag.params()))
        .toList();
    DataflowDefinition.Result result = dataflow.define(new DataflowDefinition(definitions, request.tables()));
    Set<String> migrated = new LinkedHashSet<>(stored.migratedTasks());
    chosen.forEach(t -> migrated.add(t.taskId()));
    store.setMigratedTasks(dagId, List.copyOf(migrated), clock.instant());
    Map<String, String> rejected = new LinkedHashMap<>();
    result.rejected().forEach((id, why) -> rejected.put(id.substring(dagId.length() + 1), why));
    return view(store.dag(dagId).orElseThrow(), rejected);
  }

  /**
   * Takes {@code dagId}'s tasks out of the dataflow: they run in Airflow again, and the data the
   * dataflow wrote stays as it is.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   */
  public DagView rollback(String dagId) {
    DagStore.StoredDag stored = store.dag(dagId).orElseThrow(() -> new java.util.NoSuchElementException("No imported DAG " + dagId));
    dataflow.remove(stored.dag().tasks().stream().map(t -> transformId(dagId, t.taskId())).toList());
    store.setMigratedTasks(dagId, List.of(), clock.instant());
    return view(store.dag(dagId).orElseThrow(), Map.of());
  }

  private DagView view(DagStore.StoredDag stored, Map<String, String> rejectedNow) {
    LegacyDag dag = stored.dag();
    List<TaskView> tasks = new ArrayList<>();
    for (LegacyTask task : dag.tasks()) {
      TransformId id = transformId(dag.dagId(), task.taskId());
      Dialect dialect = dialect(task, Map.of());
      Optional<String> sql = recovered(task);
      Reading reading = dataflow.annotation(id).map(a -> new Reading(Optional.of(a), Optional.empty()))
          .orElseGet(() -> Reading.of(sql, text -> dataflow.annotate(new TaskDefinition(id, text, dialect, dag.params()), List.of())));
      Optional<TaskAnnotation> annotation = reading.annotation();
      Optional<String> annotationError = reading.error();
      boolean migrated = stored.migratedTasks().contains(task.taskId());
      TranslationStatus status;
      Optional<String> reason;
      if (dataflow.graph().transform(id).isPresent()) {
        status = TranslationStatus.TRANSLATED;
        reason = Optional.empty();
      } else if (migrated || (stored.migratedAt().isPresent() && sql.isEmpty())) {
        status = TranslationStatus.FALLBACK;
        reason = Optional.ofNullable(rejectedNow.get(task.taskId()))
            .or(() -> Optional.ofNullable(dataflow.rejected().get(id)))
            .or(() -> sql.isEmpty() ? Optional.of(sqlOrigin(task)) : Optional.empty());
      } else {
        status = TranslationStatus.NOT_MIGRATED;
        reason = sql.isEmpty() ? Optional.of(sqlOrigin(task)) : Optional.empty();
      }
      tasks.add(new TaskView(task.taskId(), task.operatorClass(), sql, sqlOrigin(task), dialect, annotation, annotationError, status, reason));
    }
    return new DagView(dag.dagId(), stored.fingerprint(), stored.importId(), stored.importedAt(), stored.migratedAt(), dag, tasks);
  }

  /** {@code dag} as imported, nothing migrated, its tasks annotated against {@code schema}. */
  static DagView offlineView(LegacyDag dag, io.dataflow.gateway.annotator.SemanticAnnotator annotator,
      io.dataflow.gateway.annotator.schema.SchemaProvider schema, Instant at) {
    List<TaskView> tasks = new ArrayList<>();
    for (LegacyTask task : dag.tasks()) {
      Dialect dialect = dialect(task, Map.of());
      Optional<String> sql = recovered(task);
      Reading reading = Reading.of(sql, text -> annotator.annotate(text, dialect, schema));
      Optional<String> reason = sql.isEmpty() ? Optional.of(sqlOrigin(task)) : reading.error();
      tasks.add(new TaskView(task.taskId(), task.operatorClass(), sql, sqlOrigin(task), dialect, reading.annotation(), reading.error(),
          TranslationStatus.NOT_MIGRATED, reason));
    }
    return new DagView(dag.dagId(), Fingerprints.of(dag).hash(), "offline", at, Optional.empty(), dag, tasks);
  }

  /** What the annotator read in a task's SQL, or why it could not; both empty for a task without SQL. */
  private record Reading(Optional<TaskAnnotation> annotation, Optional<String> error) {
    static Reading of(Optional<String> sql, java.util.function.Function<String, TaskAnnotation> annotate) {
      if (sql.isEmpty()) {
        return new Reading(Optional.empty(), Optional.empty());
      }
      try {
        return new Reading(Optional.of(annotate.apply(sql.get())), Optional.empty());
      } catch (AnnotationException | IllegalArgumentException e) {
        return new Reading(Optional.empty(), Optional.of(e.getMessage()));
      }
    }
  }

  static TransformId transformId(String dagId, String taskId) {
    return TransformId.of(dagId + "." + taskId);
  }

  private static Optional<String> recovered(LegacyTask task) {
    return task.sql().filter(RecoveredSql.class::isInstance).map(RecoveredSql.class::cast).map(RecoveredSql::text);
  }

  private static String sqlOrigin(LegacyTask task) {
    return switch (task.sql().orElse(null)) {
      case null -> task.operatorClass() + " runs no SQL";
      case RecoveredSql r -> "recovered from " + r.origin().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      case SqlUnavailable u -> "SQL unavailable: " + u.reason();
    };
  }

  /** The connection's dialect as the request names it, else as the operator implies, else Trino. */
  static Dialect dialect(LegacyTask task, Map<String, Dialect> byConnection) {
    Optional<Dialect> named = task.connectionId().map(byConnection::get);
    if (named.isPresent()) {
      return named.get();
    }
    return switch (task.operatorClass()) {
      case "PostgresOperator" -> Dialect.POSTGRESQL;
      case "MySqlOperator" -> Dialect.MYSQL;
      case "HiveOperator" -> Dialect.HIVE;
      case "SparkSqlOperator" -> Dialect.SPARK;
      default -> Dialect.TRINO;
    };
  }
}
