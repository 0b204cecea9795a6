package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.GatewayCatalog;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotEventStore;
import io.dataflow.gateway.catalog.events.SnapshotSubscriber;
import io.dataflow.gateway.planner.cost.CostModel;
import io.dataflow.gateway.planner.cost.CostQuery;
import io.dataflow.gateway.planner.cost.CostSettings;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.scheduling.IdSource;
import io.dataflow.gateway.planner.scheduling.Planner;
import io.dataflow.gateway.planner.scheduling.Propagation;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import io.dataflow.gateway.planner.scheduling.StartedRun;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.server.metrics.GatewayMetrics;
import io.dataflow.gateway.server.metrics.LogFields;
import io.dataflow.gateway.trino.TrinoClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataflow at work: snapshot events go to the planner, which marks what they affect stale at
 * once; a scheduling loop asks the planner for the tasks that are ready and runs them on Trino, at
 * most {@code maxConcurrentQueries} at a time, reporting each outcome back. Definitions, events and
 * outcomes change the partition states in PostgreSQL only, so a restarted gateway carries on where
 * the last one stopped; runs that a stop interrupted are settled from the table history first.
 */
public final class DataflowRuntime implements Managed, SnapshotSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(DataflowRuntime.class);
  private static final int REPLAY_PAGE = 500;
  private static final Set<PartitionState.Kind> BUSY =
      Set.of(PartitionState.Kind.STALE, PartitionState.Kind.PENDING, PartitionState.Kind.RUNNING);

  private final GatewayCatalog catalog;
  private final SnapshotEventStore events;
  private final StateStore states;
  private final DataflowStore store;
  private final TableNames names;
  private final SemanticAnnotator annotator = SemanticAnnotator.create();
  private final DataflowCompiler compiler;
  private final OutputTables outputTables;
  private final LazyTrino trino;
  private final TaskRunner runner;
  private final int maxConcurrentQueries;
  private final Clock clock;
  private final Planner planner;
  private final GatewayMetrics metrics;
  /** Definitions and events change the graph and the states one at a time. */
  private final Object definitions = new Object();
  private final Set<TaskId> inFlight = ConcurrentHashMap.newKeySet();
  /** The transform of each task under way. */
  private final Map<TaskId, TransformId> inFlightTransforms = new ConcurrentHashMap<>();
  private final BackfillStore backfills;
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile CompiledDataflow compiled;
  private volatile boolean running;
  private volatile boolean paused;
  private ExecutorService workers;
  private Thread loop;

  /**
   * Compiles the tasks defined so far against the catalog and opens the planner over the stored
   * partition states. Nothing runs on Trino before {@link #start()}.
   *
   * @param trinoJdbcUrl where Trino is, asked only once it started
   * @param metrics told of events, dispatches and runs
   */
  public DataflowRuntime(
      DataflowConfig config,
      GatewayCatalog catalog,
      SnapshotEventStore events,
      StateStore states,
      javax.sql.DataSource dataSource,
      RunTags tags,
      Supplier<String> trinoJdbcUrl,
      io.dataflow.gateway.trino.TrinoConfig trinoConfig,
      GatewayMetrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.events = requireNonNull(events, "events is null");
    this.states = requireNonNull(states, "states is null");
    this.store = new DataflowStore(dataSource);
    this.backfills = new BackfillStore(dataSource);
    this.names = new TableNames(config.trinoCatalog());
    this.compiler = new DataflowCompiler(annotator, names);
    this.outputTables = new OutputTables(catalog, names);
    this.trino = new LazyTrino(trinoJdbcUrl, trinoConfig);
    this.maxConcurrentQueries = trinoConfig.maxConcurrentQueries();
    this.clock = Clock.systemUTC();
    CatalogSchemas schemas = new CatalogSchemas(catalog, names, Map.of());
    this.runner = new TaskRunner(trino, schemas, names, catalog, store, tags,
        trinoConfig.queryTimeout());
    List<TaskDefinition> defined = store.tasks();
    this.compiled = defined.isEmpty()
        ? CompiledDataflow.empty()
        : compiler.compile(defined, schemas, DataflowGraph.builder().build());
    compiled.rejected().forEach((id, why) -> LOG.warn("Task {} does not run in the dataflow: {}", id, why));
    this.planner = new Planner(compiled.graph(), states, costModel(config), config.retryPolicy(), IdSource.random());
    resumeBackfills();
  }

  /**
   * Hands the planner the backfills an earlier gateway started and did not finish, so that their
   * remaining partitions run in the requested order; the partitions already done stay done.
   */
  private void resumeBackfills() {
    for (BackfillStore.Started started : backfills.unfinished()) {
      Backfill request = started.request();
      try {
        planner.resume(request);
        LOG.info("Backfill {} of {} ({} to {}, {}) taken up: {}", request.id(), request.dataset(), request.from(), request.to(),
            request.order(), backfills.progress(request));
      } catch (IllegalArgumentException e) {
        LOG.warn("Backfill {} cannot be taken up in its order: {}", request.id(), e.getMessage());
      }
    }
  }

  /**
   * Cost choices over Iceberg statistics, per partition or in contiguous ranges: one statement
   * replaces a contiguous range in one snapshot, and a full recompute of a partitioned table is
   * expressed as ranges too.
   */
  private CostModel costModel(DataflowConfig config) {
    CostSettings defaults = CostSettings.defaults();
    CostModel standard = CostModel.standard(
        new CostSettings(defaults.queryOverheadBytes(), defaults.maxBatchBytes(), config.maxBatchPartitions()),
        new CatalogStatistics(catalog, names, states));
    return query -> standard.choose(new CostQuery(query.transform(), query.output(), query.affected(), query.existing(), false));
  }

  // ---- definitions -------------------------------------------------------------------------

  /**
   * Adds or redefines tasks: creates the output tables that do not exist, compiles the whole
   * dataflow, stores the accepted definitions, makes every partition of a new or changed transform
   * stale, and reads the history of each external table new to the dataflow so that its existing
   * partitions are known.
   *
   * @throws io.dataflow.gateway.planner.model.InvalidDataflowException naming every problem when the
   *     tasks do not form a valid dataflow; nothing is changed then
   */
  public DataflowDefinition.Result define(DataflowDefinition definition) {
    synchronized (definitions) {
      Map<TableName, TableSchema> declared = new LinkedHashMap<>();
      definition.tables().forEach(t -> declared.put(t.name(), t));
      CatalogSchemas schemas = new CatalogSchemas(catalog, names, declared);
      Map<TransformId, TaskDefinition> all = new LinkedHashMap<>();
      store.tasks().forEach(t -> all.put(t.id(), t));
      definition.tasks().forEach(t -> all.put(t.id(), t));
      CompiledDataflow next = compiler.compile(List.copyOf(all.values()), schemas, compiled.graph());

      for (DatasetId produced : producedDatasets(next.graph())) {
        TableName legacy = next.tables().get(produced);
        Optional.ofNullable(declared.get(legacy)).ifPresent(table -> {
          if (outputTables.ensure(table)) {
            LOG.info("Created table {} for the dataflow", produced);
          }
        });
      }
      List<TaskDefinition> accepted = definition.tasks().stream().filter(t -> next.tasks().containsKey(t.id())).toList();
      store.saveTasks(accepted);
      List<DatasetId> newExternal = next.graph().datasets().stream()
          .filter(Dataset::isExternal)
          .map(Dataset::id)
          .filter(id -> compiled.graph().dataset(id).filter(Dataset::isExternal).isEmpty())
          .toList();
      compiled = next;
      Propagation propagation = planner.onGraphChange(next.graph());
      LOG.info("Dataflow {}: {} task(s), {} partition(s) to compute", next.graph(), next.tasks().size(), count(propagation));
      newExternal.forEach(this::replayHistory);
      wake();
      Map<String, String> rejected = new LinkedHashMap<>();
      definition.tasks().forEach(t -> Optional.ofNullable(next.rejected().get(t.id())).ifPresent(why -> rejected.put(t.id().name(), why)));
      return new DataflowDefinition.Result(accepted.stream().map(t -> t.id().name()).toList(), rejected);
    }
  }

  /**
   * Takes transforms {@code ids} out of the dataflow: they no longer run, their partitions keep
   * their last state, and a table they wrote that others read becomes an external input.
   */
  public void remove(List<TransformId> ids) {
    synchronized (definitions) {
      CatalogSchemas schemas = new CatalogSchemas(catalog, names, Map.of());
      List<TaskDefinition> remaining = store.tasks().stream().filter(t -> !ids.contains(t.id())).toList();
      CompiledDataflow next = compiler.compile(remaining, schemas, compiled.graph());
      store.deleteTasks(ids);
      compiled = next;
      planner.onGraphChange(next.graph());
      LOG.info("Removed {} from the dataflow, now {}", ids, next.graph());
      wake();
    }
  }

  /**
   * What the annotator reads in {@code task}'s SQL against the gateway's tables and {@code declared},
   * without changing anything.
   *
   * @throws io.dataflow.gateway.annotator.AnnotationException when the SQL cannot be read
   */
  public io.dataflow.gateway.annotator.TaskAnnotation annotate(TaskDefinition task, List<TableSchema> declared) {
    Map<TableName, TableSchema> byName = new LinkedHashMap<>();
    declared.forEach(t -> byName.put(t.name(), t));
    return annotator.annotate(task.sqlTemplate(), task.dialect(), new CatalogSchemas(catalog, names, byName));
  }

  private static List<DatasetId> producedDatasets(DataflowGraph graph) {
    return graph.datasets().stream().filter(d -> !d.isExternal()).map(Dataset::id).toList();
  }

  /** Feeds the planner every recorded snapshot of {@code dataset}, oldest first. */
  private void replayHistory(DatasetId dataset) {
    List<RecordedEvent> history = new ArrayList<>();
    Optional<Long> before = Optional.empty();
    while (true) {
      List<RecordedEvent> page = events.newestFirst(Optional.of(dataset.name()), before, REPLAY_PAGE);
      history.addAll(page);
      if (page.size() < REPLAY_PAGE) {
        break;
      }
      before = Optional.of(page.getLast().eventId());
    }
    Collections.reverse(history);
    history.forEach(this::apply);
    LOG.info("Read {} snapshot(s) of {}, new to the dataflow", history.size(), dataset);
  }

  /**
   * Starts a backfill of {@code request}'s partitions, in its order: they are recomputed whatever
   * their provenance says, never before their inputs are fresh.
   *
   * @throws IllegalArgumentException for an unknown or external dataset, a range that does not fit
   *     its partitioning, or an id already used
   */
  public Propagation backfill(Backfill request) {
    synchronized (definitions) {
      // recorded first, so that every backfill whose partitions were marked has a status to answer
      backfills.save(request, clock.instant());
      Propagation propagation;
      try {
        propagation = planner.backfill(request);
      } catch (RuntimeException e) {
        backfills.delete(request.id());
        throw e;
      }
      wake();
      return propagation;
    }
  }

  /**
   * How far backfill {@code backfillId} has come, counted from its partitions' states; also after a
   * restart, since backfills are recorded in PostgreSQL. Empty if no gateway on this database started
   * it.
   */
  public Optional<BackfillStatus> backfill(String backfillId) {
    return backfills.find(backfillId)
        .map(b -> BackfillStatus.of(b.request(), backfills.progress(b.request()), b.startedAt(), clock.instant()));
  }

  // ---- events ------------------------------------------------------------------------------

  /**
   * Marks what {@code event} affects stale, then wakes the scheduling loop. The bus serves the
   * dataflow from a thread of its own, so no other subscriber delays this.
   */
  @Override
  public void onEvent(RecordedEvent event) {
    metrics.snapshotEventReceived();
    synchronized (definitions) {
      // only live events start the commit-to-dispatch clock: a replayed history is not waiting on anyone
      apply(event).ifPresent(p -> metrics.partitionsStale(p.refs(), event.event().committedAt()));
    }
    wake();
  }

  private Optional<Propagation> apply(RecordedEvent event) {
    DataflowGraph graph = compiled.graph();
    if (graph.dataset(DatasetId.of(event.event().table())).isEmpty()) {
      // not the dataflow's table: no need to look up who committed it
      return Optional.empty();
    }
    Optional<SnapshotChange> change = EventAdapter.change(event, graph, isOwnCommit(event),
        dataset -> states.partitions(dataset).keySet());
    if (change.isEmpty()) {
      return Optional.empty();
    }
    Propagation propagation = planner.onSnapshot(change.get());
    if (propagation.affected().isEmpty()) {
      LOG.debug("Snapshot {} of {} changes nothing downstream", event.event().snapshotId(), event.event().table());
    } else {
      LOG.info("Snapshot {} of {} ({}): {} partition(s) stale in {}", event.event().snapshotId(), event.event().table(),
          EventAdapter.eventId(event), count(propagation), propagation.affected().keySet());
    }
    return Optional.of(propagation);
  }

  /**
   * What snapshot {@code event} changed in the dataflow's terms, read as {@link #onEvent} reads it
   * (its partitions as keys, whether the gateway committed it) but without changing anything; empty
   * for a table the dataflow does not know.
   */
  public Optional<SnapshotChange> changeOf(RecordedEvent event) {
    return EventAdapter.change(event, compiled.graph(), isOwnCommit(event), dataset -> states.partitions(dataset).keySet());
  }

  /** The dataflow run that committed snapshot {@code event}; empty if no run of the gateway did. */
  public Optional<String> committingRun(RecordedEvent event) {
    Map<String, String> summary = event.event().summary();
    return Optional.ofNullable(summary.get(RunTags.RUN_ID))
        .or(() -> Optional.ofNullable(summary.get(RunTags.TRINO_QUERY_ID)).flatMap(store::runWithQuery));
  }

  private boolean isOwnCommit(RecordedEvent event) {
    return committingRun(event).isPresent();
  }

  private static long count(Propagation propagation) {
    return propagation.affected().values().stream().mapToLong(java.util.Set::size).sum();
  }

  // ---- fallback outcomes -------------------------------------------------------------------

  /**
   * Records that a fallback run wrote {@code partitions} of external input {@code dataset} (a partition
   * no commit has recorded yet is read at the table's current snapshot, 0 while it has none), and wakes
   * the scheduling loop for the downstream work; under the lock of snapshot events, so that the two
   * coalesce.
   *
   * @throws IllegalArgumentException if {@code dataset} is not an external input of the dataflow
   */
  Propagation fallbackWrote(DatasetId dataset, java.util.Collection<io.dataflow.gateway.planner.model.PartitionKey> partitions,
      io.dataflow.gateway.planner.state.Cause.FallbackRun cause) {
    Propagation propagation;
    synchronized (definitions) {
      long snapshot = catalog.metadata(names.identifier(dataset))
          .map(m -> m.currentSnapshot() == null ? 0L : m.currentSnapshot().snapshotId())
          .orElse(0L);
      propagation = planner.onExternalWrite(dataset, partitions, snapshot, cause);
    }
    wake();
    return propagation;
  }

  /**
   * Records that a fallback run failed to produce {@code partitions} of external input {@code dataset}:
   * they fail with {@code error} and what is computed from them is blocked.
   *
   * @throws IllegalArgumentException if {@code dataset} is not an external input of the dataflow
   */
  io.dataflow.gateway.planner.scheduling.FailureOutcome.GaveUp fallbackFailed(DatasetId dataset,
      java.util.Collection<io.dataflow.gateway.planner.model.PartitionKey> partitions, String error, TaskId task,
      io.dataflow.gateway.planner.state.Cause.FallbackRun cause) {
    synchronized (definitions) {
      return planner.onExternalFailure(dataset, partitions, error, task, cause);
    }
  }

  // ---- execution ---------------------------------------------------------------------------

  @Override
  public void start() {
    running = true;
    workers = Executors.newFixedThreadPool(maxConcurrentQueries, Thread.ofPlatform().name("dataflow-run-", 1).factory());
    loop = Thread.ofPlatform().name("dataflow-planner").start(this::schedule);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    wake();
    if (loop != null) {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    }
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    trino.close();
  }

  /**
   * Stops starting tasks (runs under way finish); changes are still recorded and planned, so that
   * everything that arrives meanwhile is coalesced and runs once on {@link #resume()}.
   */
  public void pause() {
    paused = true;
    LOG.info("Dataflow paused: no new task starts until it is resumed");
  }

  public void resume() {
    paused = false;
    LOG.info("Dataflow resumed");
    wake();
  }

  public boolean isPaused() {
    return paused;
  }

  private void wake() {
    wakeUp.release();
  }

  private void schedule() {
    new Recovery(planner, states, store, runner, compiled, clock).settleInterruptedRuns();
    while (running) {
      try {
        // Runs start in the planning pass itself, as many as there are free workers; the other due
        // tasks stay pending, and a worker that finishes wakes the loop for them.
        int free = paused ? 0 : Math.max(0, maxConcurrentQueries - inFlight.size());
        var wave = planner.plan(clock.instant(), free);
        for (StartedRun run : wave.started()) {
          Task task = run.task();
          inFlight.add(task.id());
          inFlightTransforms.put(task.id(), task.transform());
          metrics.taskDispatched(task.output(), task.partitions(), clock.instant());
          workers.execute(() -> execute(run));
        }
        long wait = wave.nextRetryAt()
            .map(at -> Duration.between(clock.instant(), at).toMillis())
            .orElse(1_000L);
        wakeUp.tryAcquire(Math.clamp(wait, 10L, 1_000L), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Planning failed; trying again in a second", e);
        sleepQuietly();
      }
    }
  }

  private void execute(StartedRun run) {
    Task task = run.task();
    metrics.taskStarted();
    try (LogFields fields = LogFields.of(LogFields.TASK_ID, task.id().value())
        .and(LogFields.DATASET, task.output().name())
        .and(LogFields.TRANSFORM, task.transform().name())) {
      // caught inside, so that the error line still carries the task's fields
      try {
        new Execution(planner, store, runner, compiled, clock, metrics).run(run);
      } catch (RuntimeException e) {
        LOG.error("Task {} could not be run or recorded", task.id(), e);
      }
    } finally {
      metrics.taskEnded();
      inFlightTransforms.remove(task.id());
      inFlight.remove(task.id());
      wake();
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  /** Runs newest first, optionally of one dataset and in one state. */
  public List<RunRecord> runs(Optional<String> dataset, Optional<RunRecord.State> state, int limit) {
    return store.runs(dataset, state, limit);
  }

  public Optional<RunRecord> run(String runId) {
    return store.run(runId);
  }

  /** The tracked partitions of {@code dataset} with their states and provenance. */
  public java.util.NavigableMap<io.dataflow.gateway.planner.model.PartitionKey, io.dataflow.gateway.planner.state.PartitionRecord> partitions(
      DatasetId dataset) {
    return states.partitions(dataset);
  }

  /**
   * One page of {@code dataset}'s tracked partitions in key order, read by the state store: at most
   * {@code limit}, after {@code after} when given, in {@code state} only when given.
   */
  public List<io.dataflow.gateway.planner.state.PartitionRecord> partitions(DatasetId dataset,
      Optional<io.dataflow.gateway.planner.state.PartitionState.Kind> state, Optional<io.dataflow.gateway.planner.model.PartitionKey> after,
      int limit) {
    return states.partitions(dataset, state, after, limit);
  }

  /** Every recorded transition of {@code partition}, oldest first, each with its cause. */
  public List<io.dataflow.gateway.planner.state.Transition> history(io.dataflow.gateway.planner.model.PartitionRef partition) {
    return states.history(partition);
  }

  /** What the annotator understood of transform {@code id}'s SQL. */
  public Optional<io.dataflow.gateway.annotator.TaskAnnotation> annotation(TransformId id) {
    return compiled.task(id).map(CompiledDataflow.CompiledTask::annotation);
  }

  /** The definition of transform {@code id}. */
  public Optional<TaskDefinition> definition(TransformId id) {
    return compiled.task(id).map(CompiledDataflow.CompiledTask::definition);
  }

  /** The table name task SQL uses for {@code dataset}, if the dataflow knows it. */
  public Optional<TableName> legacyName(DatasetId dataset) {
    return Optional.ofNullable(compiled.tables().get(dataset));
  }

  public DataflowGraph graph() {
    return compiled.graph();
  }

  /** The tasks that stay out of the dataflow, with the reason. */
  public Map<TransformId, String> rejected() {
    return compiled.rejected();
  }

  /** The transforms among {@code ids} that have a task under way. */
  public Set<TransformId> running(java.util.Collection<TransformId> ids) {
    return inFlightTransforms.values().stream().filter(ids::contains).collect(java.util.stream.Collectors.toSet());
  }

  /** The schema of the table task SQL names {@code legacy}, if it exists in the gateway's catalog. */
  public Optional<TableSchema> tableSchema(TableName legacy) {
    return new CatalogSchemas(catalog, names, Map.of()).table(legacy);
  }

  /** The current snapshot of the table task SQL names {@code legacy}, if it exists and has one. */
  public java.util.OptionalLong currentSnapshot(TableName legacy) {
    return catalog.metadata(names.identifier(legacy))
        .map(m -> m.currentSnapshot() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(m.currentSnapshot().snapshotId()))
        .orElse(java.util.OptionalLong.empty());
  }

  /** The dataset (Iceberg table) task SQL means by {@code legacy}. */
  public DatasetId dataset(TableName legacy) {
    return names.dataset(legacy);
  }

  /** The three-part name Trino reads {@code legacy} by. */
  public TableName trinoName(TableName legacy) {
    return names.trino(legacy);
  }

  /**
   * Whether no partition the dataflow produces is stale, pending or running, and no task is under way.
   * Partitions of a table whose transform was removed (a rollback) keep their last state, which no
   * task of the dataflow will change.
   */
  public boolean isIdle() {
    if (!inFlight.isEmpty()) {
      return false;
    }
    DataflowGraph graph = compiled.graph();
    return states.inStates(BUSY).stream().noneMatch(r -> graph.producerOf(r.ref().dataset()).isPresent());
  }

  /** The Trino client, created once Trino is up. */
  private static final class LazyTrino implements Supplier<TrinoClient> {
    private final Supplier<String> jdbcUrl;
    private final io.dataflow.gateway.trino.TrinoConfig config;
    private TrinoClient client;

    LazyTrino(Supplier<String> jdbcUrl, io.dataflow.gateway.trino.TrinoConfig config) {
      this.jdbcUrl = jdbcUrl;
      this.config = config;
    }

    @Override
    public synchronized TrinoClient get() {
      if (client == null) {
        client = TrinoClient.create(config, jdbcUrl.get());
      }
      return client;
    }

    synchronized void close() {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }

}
