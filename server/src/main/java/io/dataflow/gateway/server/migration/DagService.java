package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowException;
import io.dataflow.gateway.importer.AirflowImporter;
import io.dataflow.gateway.importer.Bridges;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.bridge.AirflowBridge;
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
import io.dataflow.gateway.server.dataflow.FallbackOutputs;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import io.dataflow.gateway.server.fallback.FallbackException;
import io.dataflow.gateway.server.fallback.FallbackJob;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import io.dataflow.gateway.server.fallback.FallbackPlan;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import io.dataflow.gateway.server.fallback.UnsupportedScheduleException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports DAGs from Airflow (or an exported snapshot), keeps them with what changed since the last
 * import, and migrates them into the dataflow task by task: a task whose SQL the dataflow can run is
 * translated; any other stays with its old scheduler, with the reason.
 */
public final class DagService {

  private static final Logger LOG = LoggerFactory.getLogger(DagService.class);

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

  /** An imported DAG with its tasks and where its migration is. */
  public record DagView(
      String dagId, String fingerprint, String importId, Instant importedAt, Optional<Instant> migratedAt, LegacyDag dag, List<TaskView> tasks,
      Migration migration) {}

  /**
   * Where a DAG's migration is.
   *
   * @param mode not migrated, shadow or production
   * @param shadowStartedAt when its current (or last) shadow run started
   * @param cutoverAt when the dataflow took over its tables from Airflow
   * @param shadowTables each real table its shadow run writes instead
   * @param airflow the Airflow it belongs to (without secrets: it has none)
   * @param airflowFrom where that Airflow comes from: {@code import} (the live import of the DAG) or
   *     {@code configuration} (the {@code airflow:} block, for a DAG imported from a snapshot)
   * @param airflowPaused its paused flag in Airflow as the gateway last set it; empty if it never did
   * @param airflowPausedAt when the gateway set it
   * @param remainingTasks where the tasks the dataflow does not run went at the cut-over: the Quartz
   *     fallback (the whole DAG paused in Airflow) or Airflow (the DAG deployed there without the
   *     migrated tasks); empty before a cut-over
   * @param airflowTasks the tasks of the DAG as Airflow runs it since a per-task cut-over, once read
   *     back from Airflow
   * @param missingInAirflow tasks of the imported DAG that the DAG deployed in Airflow no longer has
   */
  public record Migration(MigrationMode mode, Optional<Instant> shadowStartedAt, Optional<Instant> cutoverAt, Map<String, String> shadowTables,
      Optional<AirflowReference> airflow, Optional<String> airflowFrom, Optional<Boolean> airflowPaused, Optional<Instant> airflowPausedAt,
      Optional<RemainingTasks> remainingTasks, Optional<List<String>> airflowTasks, List<String> missingInAirflow) {

    static final Migration NONE = new Migration(MigrationMode.NOT_MIGRATED, Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    public Migration {
      missingInAirflow = List.copyOf(missingInAirflow);
    }

    /** Who produces the DAG's tables now, in words, so that a DAG without a producer never goes unnoticed. */
    public String producer() {
      boolean paused = airflowPaused.orElse(false);
      if (mode == MigrationMode.PRODUCTION && remainingTasks.orElse(RemainingTasks.FALLBACK) == RemainingTasks.AIRFLOW) {
        return paused ? "the dataflow for its migrated tasks; its other tasks wait: the DAG stays paused in Airflow until it is deployed"
            + " there without the migrated tasks and the cut-over is completed (POST /api/v1/dags/{dagId}/cutover/complete)"
            : "the dataflow for its migrated tasks, Airflow for the others (the DAG deployed there without the migrated tasks)";
      }
      if (mode == MigrationMode.NOT_MIGRATED && !paused && !missingInAirflow.isEmpty()) {
        return "Airflow, but the DAG deployed there still lacks tasks " + missingInAirflow + " since its per-task cut-over: deploy them again"
            + " (then import the DAG again); until then nothing produces their tables";
      }
      return switch (mode) {
        case PRODUCTION -> paused ? "the dataflow (the DAG is paused in Airflow)"
            : "the dataflow, and Airflow too unless the DAG is paused there: the gateway has not paused it";
        case SHADOW -> "Airflow; the dataflow writes the shadow tables";
        case NOT_MIGRATED -> paused ? "nothing: the dataflow no longer runs the DAG and the DAG is still paused in Airflow; call rollback"
            + " again (or unpause the DAG in Airflow)" : "Airflow";
      };
    }
  }

  /**
   * What a cut-over did.
   *
   * @param dag the DAG after it
   * @param untranslated the tasks that did not move to the dataflow, each with what keeps it running
   */
  public record Cutover(DagView dag, List<Untranslated> untranslated) {}

  /** Where the tasks of a DAG that the dataflow does not run go at its cut-over. */
  public enum RemainingTasks {
    /**
     * The whole DAG is paused in Airflow; the gateway's Quartz fallback runs those of them it can (a
     * recovered Bash command, Trino SQL).
     */
    FALLBACK,
    /**
     * They stay in Airflow: the DAG is paused until it is deployed there without the migrated tasks,
     * then the cut-over completes and Airflow runs it again; the bridge connects the two both ways.
     */
    AIRFLOW;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A task of a cut-over DAG that the dataflow does not run.
   *
   * @param taskId the task
   * @param operator its operator
   * @param reason why the dataflow does not run it
   * @param runsNow what runs it now that its DAG is paused in Airflow
   * @param toKeepItRunning what to do so that it runs
   */
  public record Untranslated(String taskId, String operator, String reason, String runsNow, String toKeepItRunning) {}

  /**
   * A request to migrate a DAG.
   *
   * @param tasks the tasks to migrate; empty for every task of the DAG that has SQL
   * @param tables schemas of output tables that do not exist yet
   * @param dialects the dialect of each Airflow connection id, where the operator does not say
   */
  public record MigrateRequest(List<String> tasks, List<TableSchema> tables, Map<String, Dialect> dialects, MigrationMode mode) {
    public MigrateRequest {
      tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
      tables = List.copyOf(requireNonNull(tables, "tables is null"));
      dialects = Map.copyOf(requireNonNull(dialects, "dialects is null"));
      requireNonNull(mode, "mode is null");
      if (mode == MigrationMode.NOT_MIGRATED) {
        throw new IllegalArgumentException("mode: a migration runs in shadow or production, not " + mode.label());
      }
    }

    /** A migration into production. */
    public MigrateRequest(List<String> tasks, List<TableSchema> tables, Map<String, Dialect> dialects) {
      this(tasks, tables, dialects, MigrationMode.PRODUCTION);
    }
  }

  private final DagStore store;
  private final DataflowRuntime dataflow;
  private final ShadowComparator shadows;
  private final MigrationConfig config;
  private final Optional<AirflowReference> defaultAirflow;
  private final Function<String, String> environment;
  private final Function<AirflowConnection, AirflowBridge> bridges;
  private final FallbackScheduler fallback;
  private final Function<AirflowConnection, AirflowImporter> importers;
  private final Function<String, Optional<String>> outletTables;
  private final Clock clock;

  /**
   * @param shadows compares the shadow runs
   * @param defaultAirflow the configuration's Airflow, for DAGs imported from a snapshot
   * @param environment reads the gateway's environment variables, where Airflow's secrets are
   * @param fallback runs the tasks of a cut-over DAG that the dataflow cannot run, where it can
   * @param outletTables the {@code schema.table} of the gateway an Airflow dataset/asset URI names, if
   *     any (as {@link io.dataflow.gateway.server.dataflow.FallbackOutputs} reads a task's outlets)
   */
  public DagService(DataSource dataSource, DataflowRuntime dataflow, ShadowComparator shadows, MigrationConfig config,
      Optional<AirflowReference> defaultAirflow, Function<String, String> environment, FallbackScheduler fallback,
      Function<String, Optional<String>> outletTables) {
    this(dataSource, dataflow, shadows, config, defaultAirflow, environment, Bridges::live, io.dataflow.gateway.importer.Importers::live, fallback,
        outletTables);
  }

  DagService(DataSource dataSource, DataflowRuntime dataflow, ShadowComparator shadows, MigrationConfig config,
      Optional<AirflowReference> defaultAirflow, Function<String, String> environment, Function<AirflowConnection, AirflowBridge> bridges,
      Function<AirflowConnection, AirflowImporter> importers, FallbackScheduler fallback, Function<String, Optional<String>> outletTables) {
    this.store = new DagStore(dataSource);
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.shadows = requireNonNull(shadows, "shadows is null");
    this.config = requireNonNull(config, "config is null");
    this.defaultAirflow = requireNonNull(defaultAirflow, "defaultAirflow is null");
    this.environment = requireNonNull(environment, "environment is null");
    this.bridges = requireNonNull(bridges, "bridges is null");
    this.fallback = requireNonNull(fallback, "fallback is null");
    this.importers = requireNonNull(importers, "importers is null");
    this.outletTables = requireNonNull(outletTables, "outletTables is null");
    this.clock = Clock.systemUTC();
  }

  /** Imports every DAG {@code importer} reads from a snapshot and records what changed since the last import. */
  public ImportRecord importDags(AirflowImporter importer, String source) {
    return importDags(importer, source, Optional.empty());
  }

  /**
   * Imports every DAG {@code importer} reads and records what changed since the last import.
   *
   * @param airflow the live Airflow read, kept with the import and each DAG it read; empty for a snapshot
   */
  public ImportRecord importDags(AirflowImporter importer, String source, Optional<AirflowReference> airflow) {
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
    store.saveImport(record, result.dags(), airflow);
    return record;
  }

  public Optional<ImportRecord> importRecord(String importId) {
    return store.importRecord(importId);
  }

  /** Every imported DAG with its tasks. */
  public List<DagView> dags() {
    return store.dags().stream().map(d -> view(d, Map.of())).toList();
  }

  /**
   * The imported DAGs that Airflow still runs, as it runs them: those not cut over to the dataflow, and
   * those cut over task by task once Airflow runs the rest of them again; no task is annotated.
   */
  public List<LegacyDag> dagsRunInAirflow() {
    return store.dags().stream()
        .filter(d -> d.mode() != MigrationMode.PRODUCTION || (d.splitInAirflow() && d.airflowDag().isPresent() && !d.airflowPaused().orElse(false)))
        .map(DagStore.StoredDag::inAirflow)
        .toList();
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
   * Migrates {@code dagId}'s tasks into the dataflow: in production, they write the real tables; in
   * shadow, every output goes to its shadow table (created with the real table's columns and
   * partitioning), and so does every read of another shadowed output, while Airflow keeps producing the
   * real tables; each partition is then compared whenever either side changes.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   * @throws IllegalArgumentException naming a listed task the DAG does not have, or one without SQL
   * @throws MigrationConflictException for a shadow run of a DAG in production, or a production
   *     migration of a DAG in shadow (that is a cut-over)
   * @throws io.dataflow.gateway.planner.model.InvalidDataflowException when the tasks do not form a
   *     valid dataflow with the rest
   */
  public DagView migrate(String dagId, MigrateRequest request) {
    DagStore.StoredDag stored = stored(dagId);
    LegacyDag dag = stored.dag();
    if (request.mode() == MigrationMode.SHADOW && stored.mode() == MigrationMode.PRODUCTION) {
      throw new MigrationConflictException("DAG %s runs in production in the dataflow; roll it back before a shadow run".formatted(dagId));
    }
    if (request.mode() == MigrationMode.PRODUCTION && stored.mode() == MigrationMode.SHADOW) {
      throw new MigrationConflictException(("DAG %s is in shadow: move it to production with POST /api/v1/dags/%s/cutover, which pauses it"
          + " in Airflow first so that its tables never have two producers").formatted(dagId, dagId));
    }
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
    List<TableSchema> tables = new ArrayList<>(request.tables());
    Map<TableName, TableName> shadowOf = new LinkedHashMap<>();
    if (request.mode() == MigrationMode.SHADOW) {
      for (TaskDefinition definition : definitions) {
        outputOf(definition, request.tables()).ifPresent(real -> shadowOf.put(real, ShadowTables.shadowOf(real)));
      }
      shadowOf.forEach((real, shadow) -> schemaOf(real, request.tables())
          .ifPresent(schema -> tables.add(new TableSchema(shadow, schema.columns(), schema.partitionColumns()))));
      definitions = definitions.stream()
          .map(d -> new TaskDefinition(d.id(), d.sqlTemplate(), d.dialect(), d.params(), shadowOf))
          .toList();
    }
    DataflowDefinition.Result result = dataflow.define(new DataflowDefinition(definitions, tables));
    Set<String> migrated = new LinkedHashSet<>(stored.migratedTasks());
    chosen.forEach(t -> migrated.add(t.taskId()));
    migrated.addAll(fallbackOnly(dag, List.copyOf(migrated)));
    Map<String, String> shadowTables = new LinkedHashMap<>();
    if (request.mode() == MigrationMode.SHADOW) {
      if (stored.mode() != MigrationMode.SHADOW) {
        shadows.store().clear(dagId);
      } else {
        shadowTables.putAll(stored.shadowTables());
      }
      for (TaskDefinition definition : definitions) {
        if (result.accepted().contains(definition.id().name())) {
          outputOf(definition, request.tables()).ifPresent(real -> shadowTables.put(real.toString(), shadowOf.get(real).toString()));
        }
      }
    }
    store.setMigration(dagId, List.copyOf(migrated), request.mode(), shadowTables, clock.instant());
    shadows.refresh();
    Map<String, String> rejected = new LinkedHashMap<>();
    result.rejected().forEach((id, why) -> rejected.put(id.substring(dagId.length() + 1), why));
    return view(stored(dagId), rejected);
  }

  /**
   * The tasks a migration of {@code dag} records when none of them runs in the dataflow
   * ({@code translated} is empty): a DAG of Bash, Python or HTTP tasks alone migrates by moving every
   * task to the fallback, and is recorded as migrated like any other; empty when tasks are translated.
   */
  private static List<String> fallbackOnly(LegacyDag dag, List<String> translated) {
    return translated.isEmpty() ? dag.tasks().stream().map(LegacyTask::taskId).toList() : List.of();
  }

  /** The table {@code task}'s SQL writes, if the annotator can read it. */
  private Optional<TableName> outputOf(TaskDefinition task, List<TableSchema> declared) {
    try {
      return dataflow.annotate(task, declared).output().map(io.dataflow.gateway.annotator.OutputTable::table);
    } catch (AnnotationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Optional<TableSchema> schemaOf(TableName table, List<TableSchema> declared) {
    return dataflow.tableSchema(table).or(() -> declared.stream().filter(t -> t.name().equals(table)).findFirst());
  }

  /**
   * How {@code dagId}'s shadow run compares with what Airflow produces.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   */
  public ShadowReport shadow(String dagId) {
    DagStore.StoredDag stored = stored(dagId);
    return ShadowReport.of(dagId, stored.mode(), stored.shadowStartedAt(), stored.shadowTables(), config.shadowCleanPartitions(),
        shadows.store().comparisons(dagId));
  }

  /**
   * Moves {@code dagId} from its shadow run to production: pauses the DAG in its Airflow first, then
   * makes the dataflow write the real tables (it recomputes each of their partitions once, so that
   * their provenance is its own) and records the cut-over. The shadow tables are kept, no longer
   * written, with the comparisons, for audit; drop them when they are no longer needed.
   *
   * @param force cut over a DAG that is not in shadow, or whose shadow run is not ready
   * @throws java.util.NoSuchElementException if no such DAG was imported
   * @throws MigrationConflictException if the DAG is not in shadow or its shadow run not ready for a
   *     cut-over (without {@code force}), or no Airflow is known for it; nothing is changed
   * @throws AirflowUnavailableException if Airflow refused the pause or could not be reached; nothing
   *     is changed
   */
  public Cutover cutover(String dagId, boolean force) {
    return cutover(dagId, force, RemainingTasks.FALLBACK);
  }

  /**
   * Moves {@code dagId} from its shadow run to production, as {@link #cutover(String, boolean)}, with
   * its other tasks going where {@code remaining} says. With {@link RemainingTasks#AIRFLOW} the cut-over
   * has two steps: this one pauses the DAG in Airflow and makes the dataflow the producer of the
   * migrated tasks' tables; {@link #completeCutover} unpauses it once it is deployed in Airflow without
   * the migrated tasks. Between the two no task of the DAG runs in Airflow, so no table ever has two
   * producers.
   */
  public Cutover cutover(String dagId, boolean force, RemainingTasks remaining) {
    requireNonNull(remaining, "remaining is null");
    DagStore.StoredDag stored = stored(dagId);
    if (!force) {
      if (stored.mode() != MigrationMode.SHADOW) {
        throw new MigrationConflictException(("DAG %s is not in shadow (it is %s): nothing shows yet that the dataflow computes what"
            + " Airflow does. Start a shadow run with POST /api/v1/dags/%s/migrate {\"mode\": \"shadow\"}, or cut over with"
            + " {\"force\": true}").formatted(dagId, stored.mode().label(), dagId));
      }
      ShadowReport report = shadow(dagId);
      if (!report.readyForCutover()) {
        throw new MigrationConflictException("The shadow run of DAG %s is not ready for a cut-over: %s. See GET /api/v1/dags/%s/shadow,"
            .formatted(dagId, report.reason(), dagId) + " or cut over with {\"force\": true}");
      }
    }
    Airflow airflow = airflow(stored);
    try {
      airflow.bridge().pause(dagId);
    } catch (AirflowException e) {
      throw new AirflowUnavailableException("Airflow at %s did not pause DAG %s: %s. Nothing was changed: Airflow still produces its tables"
          .formatted(airflow.url(), dagId, e.getMessage()), e);
    }
    store.setAirflowPaused(dagId, true, clock.instant());
    List<TaskDefinition> production = productionDefinitions(stored);
    DataflowDefinition.Result result;
    try {
      result = dataflow.define(new DataflowDefinition(production, List.of()));
    } catch (RuntimeException e) {
      try {
        airflow.bridge().unpause(dagId);
        store.setAirflowPaused(dagId, false, clock.instant());
      } catch (AirflowException unpause) {
        e.addSuppressed(unpause);
        LOG.error("DAG {} could not be cut over and stays paused in Airflow at {}: nothing produces its tables", dagId, airflow.url());
      }
      throw e;
    }
    List<String> migrated = production.stream().map(d -> d.id().name().substring(dagId.length() + 1)).toList();
    migrated = migrated.isEmpty() ? fallbackOnly(stored.dag(), migrated) : migrated;
    Instant now = clock.instant();
    store.setMigration(dagId, migrated, MigrationMode.PRODUCTION, stored.shadowTables(), now);
    store.setCutover(dagId, now);
    store.setSplitInAirflow(dagId, remaining == RemainingTasks.AIRFLOW);
    shadows.refresh();
    Map<String, String> rejected = new LinkedHashMap<>();
    result.rejected().forEach((id, why) -> rejected.put(id.substring(dagId.length() + 1), why));
    DagView view = view(stored(dagId), rejected);
    if (remaining == RemainingTasks.AIRFLOW) {
      return new Cutover(view, stayingInAirflow(view));
    }
    return new Cutover(view, untranslated(view, scheduleFallback(view, now)));
  }

  /**
   * The second step of a cut-over whose other tasks stay in Airflow: reads the DAG back from its
   * Airflow and, once it no longer has the tasks the dataflow runs, records it as the DAG Airflow runs
   * and unpauses it. The bridge then posts the dataflow's commits to the datasets/assets it is
   * scheduled on, and starts dataflow work from the events of its tasks.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   * @throws MigrationConflictException if the DAG was not cut over with its other tasks staying in
   *     Airflow, or the DAG deployed in Airflow still has tasks the dataflow runs (or is not there); it
   *     stays paused
   * @throws AirflowUnavailableException if Airflow could not be read or did not unpause the DAG; it
   *     stays paused
   */
  public DagView completeCutover(String dagId) {
    DagStore.StoredDag stored = stored(dagId);
    if (stored.mode() != MigrationMode.PRODUCTION || !stored.splitInAirflow()) {
      throw new MigrationConflictException(("DAG %s was not cut over with its other tasks staying in Airflow (it is %s): cut it over with"
          + " POST /api/v1/dags/%s/cutover {\"remainingTasks\": \"airflow\"} first").formatted(dagId, stored.mode().label(), dagId));
    }
    Airflow airflow = airflow(stored);
    LegacyDag deployed;
    try {
      AirflowReference reference = stored.airflow().or(() -> defaultAirflow).orElseThrow();
      ImportResult read = importers.apply(reference.connection(environment, "airflow")).importDags(DagFilter.idPattern(dagId));
      deployed = read.dags().stream().filter(d -> d.dagId().equals(dagId)).findFirst().orElseThrow(() -> new MigrationConflictException(
          ("Airflow at %s has no DAG %s%s: deploy it without tasks %s, then call again; it stays paused meanwhile").formatted(airflow.url(),
              dagId, read.failures().stream().filter(f -> f.dagId().equals(dagId)).findFirst().map(f -> " it can read (" + f.reason() + ")")
                  .orElse(""), stored.migratedTasks())));
    } catch (AirflowException e) {
      throw new AirflowUnavailableException("Airflow at %s could not be read: %s. DAG %s stays paused".formatted(airflow.url(), e.getMessage(),
          dagId), e);
    } catch (AirflowReference.InvalidReference e) {
      throw new AirflowUnavailableException("Airflow at %s cannot be reached: %s. DAG %s stays paused".formatted(airflow.url(), e.getMessage(),
          dagId), e);
    }
    Set<String> deployedTasks = deployed.tasks().stream().map(LegacyTask::taskId).collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> still = stored.migratedTasks().stream().filter(deployedTasks::contains).toList();
    if (!still.isEmpty()) {
      throw new MigrationConflictException(("DAG %s as deployed in Airflow at %s still has tasks %s, which the dataflow runs now: deploy it"
          + " without them, then call again. It stays paused meanwhile, so that their tables never have two producers")
          .formatted(dagId, airflow.url(), still));
    }
    store.setAirflowDag(deployed, clock.instant());
    try {
      airflow.bridge().unpause(dagId);
    } catch (AirflowException e) {
      throw new AirflowUnavailableException("Airflow at %s did not unpause DAG %s: %s. It stays paused; call again".formatted(airflow.url(),
          dagId, e.getMessage()), e);
    }
    store.setAirflowPaused(dagId, false, clock.instant());
    LOG.info("DAG {} runs again in Airflow at {} with tasks {}; the dataflow runs {}", dagId, airflow.url(), deployedTasks,
        stored.migratedTasks());
    return view(stored(dagId), Map.of());
  }

  /** What each task the dataflow does not run needs before it runs again in Airflow, after a per-task cut-over. */
  private static List<Untranslated> stayingInAirflow(DagView view) {
    Map<String, String> outputs = new LinkedHashMap<>();
    Set<String> translated = new LinkedHashSet<>();
    for (TaskView task : view.tasks()) {
      if (task.status() == TranslationStatus.TRANSLATED) {
        translated.add(task.taskId());
        task.annotation().flatMap(TaskAnnotation::output).ifPresent(o -> outputs.put(task.taskId(), o.table().toString()));
      }
    }
    String complete = "POST /api/v1/dags/%s/cutover/complete".formatted(view.dagId());
    List<Untranslated> staying = new ArrayList<>();
    for (TaskView task : view.tasks()) {
      if (task.status() == TranslationStatus.TRANSLATED) {
        continue;
      }
      List<String> after = upstreamOf(view.dag(), task.taskId()).stream().filter(outputs::containsKey).map(outputs::get).distinct().toList();
      staying.add(new Untranslated(task.taskId(), task.operator(), task.reason().orElse("it is not migrated"),
          "nothing until the cut-over completes: the DAG is paused in Airflow until it is deployed there without tasks " + translated,
          "deploy DAG %s in Airflow without tasks %s%s, then call %s".formatted(view.dagId(), translated, after.isEmpty() ? ""
              : ", with this task scheduled on the Airflow datasets/assets of " + String.join(", ", after)
                  + " (the gateway's bridge posts an event on them for every dataflow commit)", complete)));
    }
    return staying;
  }

  /** Every task {@code taskId} depends on in {@code dag}, transitively. */
  private static Set<String> upstreamOf(LegacyDag dag, String taskId) {
    Set<String> upstream = new LinkedHashSet<>();
    List<String> frontier = new ArrayList<>(List.of(taskId));
    while (!frontier.isEmpty()) {
      String current = frontier.removeLast();
      for (LegacyTask task : dag.tasks()) {
        if (task.downstreamTaskIds().contains(current) && upstream.add(task.taskId())) {
          frontier.add(task.taskId());
        }
      }
    }
    return upstream;
  }

  /** How a task the dataflow does not run goes on after a cut-over: scheduled in the fallback, or why not. */
  private record FallbackStart(boolean scheduled, String text) {}

  /**
   * Schedules in the Quartz fallback every task of a cut-over DAG that the dataflow does not run and
   * the fallback can, from the data interval under way at {@code cutoverAt} on.
   */
  private Map<String, FallbackStart> scheduleFallback(DagView view, Instant cutoverAt) {
    Map<String, FallbackStart> started = new LinkedHashMap<>();
    for (TaskView task : view.tasks()) {
      if (task.status() == TranslationStatus.TRANSLATED) {
        continue;
      }
      // what a run changes: the table its SQL writes, and the datasets/assets it declares as outlets
      List<String> outputs = java.util.stream.Stream.concat(
          task.annotation().flatMap(TaskAnnotation::output).map(o -> o.table().toString()).stream(),
          view.dag().task(task.taskId()).map(t -> t.outlets()).orElse(List.of()).stream()).distinct().toList();
      List<String> produced = outputs.stream().flatMap(o -> producedByTheDataflow(o).stream()).distinct().toList();
      if (!produced.isEmpty()) {
        started.put(task.taskId(), new FallbackStart(false, ("it writes %s, which the dataflow now produces: a table has one producer, so the"
            + " fallback does not write it too").formatted(String.join(", ", produced))));
        continue;
      }
      FallbackPlan plan = FallbackPlan.of(view.dag(), task.taskId(), task.dialect() == Dialect.TRINO, outputs, ZoneOffset.UTC, cutoverAt,
          fallback.httpConnections());
      if (plan.job().isEmpty()) {
        started.put(task.taskId(), new FallbackStart(false, plan.reason().orElseThrow()));
        continue;
      }
      FallbackJob job = plan.job().get();
      try {
        fallback.schedule(job);
        started.put(task.taskId(), new FallbackStart(true, "the gateway's Quartz fallback: a %s job on the DAG's schedule, from the data"
            .formatted(job.action().kind()) + " interval starting %s on".formatted(job.schedule().startDate().orElseThrow())));
      } catch (UnsupportedScheduleException | FallbackException e) {
        started.put(task.taskId(), new FallbackStart(false, "the fallback could not schedule it: " + e.getMessage()));
      }
    }
    return started;
  }

  /** The table {@code output} (a table name, or an outlet's dataset/asset URI) names, if a transform of the dataflow produces it. */
  private Optional<String> producedByTheDataflow(String output) {
    return FallbackOutputs.tableOf(output, outletTables).filter(table -> {
      try {
        return dataflow.graph().dataset(dataflow.dataset(TableName.of(table))).map(d -> !d.isExternal()).orElse(false);
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
  }

  /** The DAG's tasks as the dataflow runs them in production: those defined now without their redirects, else every task with SQL. */
  private List<TaskDefinition> productionDefinitions(DagStore.StoredDag stored) {
    String dagId = stored.dag().dagId();
    List<TaskDefinition> definitions = new ArrayList<>();
    for (LegacyTask task : stored.dag().tasks()) {
      TransformId id = transformId(dagId, task.taskId());
      Optional<TaskDefinition> defined = dataflow.definition(id);
      if (defined.isPresent()) {
        TaskDefinition d = defined.get();
        definitions.add(new TaskDefinition(d.id(), d.sqlTemplate(), d.dialect(), d.params()));
      } else if (stored.mode() == MigrationMode.NOT_MIGRATED || stored.migratedTasks().contains(task.taskId())) {
        recovered(task).ifPresent(sql -> definitions.add(new TaskDefinition(id, sql, dialect(task, Map.of()), stored.dag().params())));
      }
    }
    return definitions;
  }

  /** What keeps each task the dataflow does not run going, once the DAG is paused in Airflow. */
  private static List<Untranslated> untranslated(DagView view, Map<String, FallbackStart> fallbacks) {
    Map<String, String> outputs = new LinkedHashMap<>();
    view.tasks().forEach(t -> t.annotation().flatMap(TaskAnnotation::output).ifPresent(o -> outputs.put(t.taskId(), o.table().toString())));
    List<Untranslated> untranslated = new ArrayList<>();
    for (TaskView task : view.tasks()) {
      if (task.status() == TranslationStatus.TRANSLATED) {
        continue;
      }
      FallbackStart start = fallbacks.get(task.taskId());
      if (start != null && start.scheduled()) {
        untranslated.add(new Untranslated(task.taskId(), task.operator(), task.reason().orElse("it is not translated"), start.text(),
            "nothing: the fallback runs it; a rollback gives it back to Airflow"));
        continue;
      }
      List<String> after = view.dag().tasks().stream()
          .filter(t -> t.downstreamTaskIds().contains(task.taskId()) && outputs.containsKey(t.taskId()))
          .map(t -> outputs.get(t.taskId()))
          .toList();
      String why = start == null ? "the fallback cannot run it" : start.text();
      untranslated.add(new Untranslated(task.taskId(), task.operator(), task.reason().orElse("it is not translated"),
          "nothing: its DAG is paused in Airflow, and the gateway's Quartz fallback does not run it (" + why + ")",
          "move it to a DAG of its own in Airflow" + (after.isEmpty() ? "" : ", run after the dataflow has written " + String.join(", ", after)
              + " (for instance scheduled on their Airflow datasets)")));
    }
    return untranslated;
  }

  /**
   * Takes {@code dagId}'s tasks out of the dataflow and, if the gateway paused the DAG in Airflow at
   * cut-over, gives its tables back to Airflow. The order keeps the tables from ever having two
   * producers: first the dataflow stops starting the DAG's tasks and the runs under way end (every
   * dataflow commit is atomic, so Airflow takes over from the last committed partitions), then Airflow
   * unpauses the DAG. The data the dataflow wrote stays as it is.
   *
   * @throws java.util.NoSuchElementException if no such DAG was imported
   * @throws MigrationConflictException if runs of the DAG are still under way after {@code
   *     migration.rollbackWait}: the dataflow no longer starts its tasks, Airflow keeps it paused; call
   *     again
   * @throws AirflowUnavailableException if Airflow could not unpause the DAG: the dataflow no longer
   *     produces its tables and Airflow does not either until the rollback is called again
   */
  public DagView rollback(String dagId) {
    DagStore.StoredDag stored = stored(dagId);
    List<TransformId> ids = stored.dag().tasks().stream().map(t -> transformId(dagId, t.taskId())).toList();
    dataflow.remove(ids);
    // the fallback jobs of a cut-over go too: Airflow runs those tasks again once the DAG is unpaused
    stored.dag().tasks().forEach(t -> fallback.unschedule(new FallbackJobKey(dagId, t.taskId())));
    store.setMigration(dagId, List.of(), MigrationMode.NOT_MIGRATED, stored.shadowTables(), clock.instant());
    store.setSplitInAirflow(dagId, false);
    shadows.refresh();
    if (!stored.airflowPaused().orElse(false)) {
      return view(stored(dagId), Map.of());
    }
    Instant deadline = clock.instant().plus(config.rollbackWait());
    Set<TransformId> running = dataflow.running(ids);
    while (!running.isEmpty() && clock.instant().isBefore(deadline)) {
      sleep();
      running = dataflow.running(ids);
    }
    if (!running.isEmpty()) {
      throw new MigrationConflictException(("The dataflow no longer starts tasks of DAG %s, but runs of %s are still under way; Airflow"
          + " keeps the DAG paused until they end, so that its tables never have two producers. Call the rollback again shortly")
          .formatted(dagId, running.stream().map(TransformId::name).sorted().toList()), Optional.of(Duration.ofSeconds(5)));
    }
    Airflow airflow;
    try {
      airflow = airflow(stored);
    } catch (MigrationConflictException | AirflowUnavailableException e) {
      throw new AirflowUnavailableException(notUnpaused(dagId, "its Airflow", e.getMessage()), e);
    }
    try {
      airflow.bridge().unpause(dagId);
    } catch (AirflowException e) {
      throw new AirflowUnavailableException(notUnpaused(dagId, "Airflow at " + airflow.url(), e.getMessage()), e);
    }
    store.setAirflowPaused(dagId, false, clock.instant());
    return view(stored(dagId), Map.of());
  }

  private static String notUnpaused(String dagId, String airflow, String why) {
    return ("The dataflow no longer produces the tables of DAG %s, but %s did not unpause it: %s. Nothing produces its tables until the"
        + " rollback is called again or the DAG is unpaused in Airflow").formatted(dagId, airflow, why);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationConflictException("Interrupted while waiting for the runs under way to end", Optional.of(Duration.ofSeconds(5)));
    }
  }

  /** A DAG's Airflow: where it is, and the bridge to it. */
  private record Airflow(String url, AirflowBridge bridge) {}

  private Airflow airflow(DagStore.StoredDag stored) {
    AirflowReference reference = stored.airflow().or(() -> defaultAirflow).orElseThrow(() -> new MigrationConflictException(
        ("No Airflow is known for DAG %s: it was imported from a snapshot and the configuration has no airflow: block, so the gateway"
            + " cannot pause or unpause it. Import it from its Airflow (POST /api/v1/imports with airflow) or configure airflow:")
            .formatted(stored.dag().dagId())));
    try {
      return new Airflow(reference.url(), bridges.apply(reference.connection(environment, "airflow")));
    } catch (AirflowReference.InvalidReference e) {
      throw new AirflowUnavailableException("Airflow at %s cannot be reached: %s. Nothing was changed".formatted(reference.url(), e.getMessage()), e);
    }
  }

  private DagStore.StoredDag stored(String dagId) {
    return store.dag(dagId).orElseThrow(() -> new java.util.NoSuchElementException("No imported DAG " + dagId));
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
      } else if (stored.splitInAirflow() && !migrated) {
        status = TranslationStatus.NOT_MIGRATED;
        reason = Optional.of(stored.airflowDag().isPresent() ? "it runs in Airflow, in the DAG deployed there without the migrated tasks"
            : "it stays in Airflow: the DAG is paused there until it is deployed without the migrated tasks and the cut-over is completed");
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
    Optional<AirflowReference> airflow = stored.airflow().or(() -> defaultAirflow);
    Optional<RemainingTasks> remaining = stored.cutoverAt().isEmpty() ? Optional.empty()
        : Optional.of(stored.splitInAirflow() ? RemainingTasks.AIRFLOW : RemainingTasks.FALLBACK);
    Optional<List<String>> airflowTasks = stored.airflowDag().map(d -> d.tasks().stream().map(LegacyTask::taskId).toList());
    List<String> missing = airflowTasks.map(present -> dag.tasks().stream().map(LegacyTask::taskId).filter(t -> !present.contains(t)).toList())
        .orElse(List.of());
    Migration migration = new Migration(stored.mode(), stored.shadowStartedAt(), stored.cutoverAt(), stored.shadowTables(), airflow,
        airflow.map(a -> stored.airflow().isPresent() ? "import" : "configuration"), stored.airflowPaused(), stored.airflowPausedAt(),
        remaining, airflowTasks, missing);
    return new DagView(dag.dagId(), stored.fingerprint(), stored.importId(), stored.importedAt(), stored.migratedAt(), dag, tasks, migration);
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
    return new DagView(dag.dagId(), Fingerprints.of(dag).hash(), "offline", at, Optional.empty(), dag, tasks, Migration.NONE);
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
