package io.dataflow.gateway.planner.scheduling;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.cost.CostModel;
import io.dataflow.gateway.planner.cost.CostQuery;
import io.dataflow.gateway.planner.cost.ExecutionChoice;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionState.Kind;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.planner.state.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The planner: turns snapshot events, run outcomes, graph changes and backfill requests into partition
 * transitions and tasks. It holds no partition state of its own (all of it is in the {@link
 * StateStore}, so a restarted planner carries on where the last one stopped) except the requested
 * order of running backfills, which the caller hands back to a restarted planner through {@link
 * #resume}. Methods are synchronized: one planner decides at a time.
 */
public final class Planner {

  private static final Set<Kind> NOT_FRESH = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Kind.FRESH)));

  private final StateStore store;
  private final CostModel costModel;
  private final RetryPolicy retryPolicy;
  private final IdSource ids;
  private final Invalidation invalidation;
  private final Map<PartitionRef, Long> priorities = new HashMap<>();
  private final Map<String, Backfill> backfills = new HashMap<>();
  private DataflowGraph graph;
  /** The position in {@code graph.topologicalOrder()} of the producer of each produced dataset. */
  private Map<DatasetId, Integer> topologicalPosition;

  public Planner(DataflowGraph graph, StateStore store, CostModel costModel, RetryPolicy retryPolicy, IdSource ids) {
    this.graph = requireNonNull(graph, "graph is null");
    this.store = requireNonNull(store, "store is null");
    this.costModel = requireNonNull(costModel, "costModel is null");
    this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy is null");
    this.ids = requireNonNull(ids, "ids is null");
    this.invalidation = new Invalidation(store);
    this.topologicalPosition = positions(graph);
  }

  private static Map<DatasetId, Integer> positions(DataflowGraph graph) {
    Map<DatasetId, Integer> positions = new HashMap<>();
    List<Transform> order = graph.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      positions.put(order.get(i).output(), i);
    }
    return positions;
  }

  public synchronized DataflowGraph graph() {
    return graph;
  }

  /**
   * Records a committed snapshot and marks every transitively affected downstream partition stale, at
   * once. Partitions already stale stay as they are (so a burst of events coalesces into one rerun per
   * partition); a pending task touched by the change is cancelled and re-planned later; a running one
   * finishes and is then found stale. Replace snapshots and the gateway's own commits cause nothing.
   *
   * @throws IllegalArgumentException if a changed partition does not fit the dataset's partitioning
   */
  public synchronized Propagation onSnapshot(SnapshotChange change) {
    if (!change.changesData()) {
      return Propagation.ignored("snapshot %d of %s rewrites files without changing data".formatted(change.snapshotId(), change.dataset()));
    }
    if (change.ownCommit()) {
      return Propagation.ignored("snapshot %d of %s is the gateway's own commit; the run's outcome handles its downstream"
          .formatted(change.snapshotId(), change.dataset()));
    }
    Optional<Dataset> dataset = graph.dataset(change.dataset());
    if (dataset.isEmpty()) {
      return Propagation.ignored(change.dataset() + " is not part of the dataflow");
    }
    requireFits(dataset.get(), change.changedPartitions());
    PartitionVersion version = PartitionVersion.of(change.snapshotId());
    boolean external = dataset.get().isExternal();
    return changed(dataset.get(), change.changedPartitions(), new Cause.SnapshotEvent(change.eventId()), (ref, current) -> current
        .map(r -> external ? r.withState(PartitionState.fresh()).withVersion(version) : r.withVersion(version))
        .orElse(new PartitionRecord(ref, PartitionState.fresh(), Optional.of(version), Optional.empty())));
  }

  /**
   * Records that a writer outside the dataflow (a fallback task declaring it as an output) wrote
   * {@code partitions} of external dataset {@code dataset}, with {@code cause} on every transition: they
   * become fresh (again, if a failure of that writer had failed them) and their downstream is marked
   * stale, so that it is recomputed where its inputs changed. The contents are those the catalog last
   * recorded for each partition: what the writer committed reaches the dataflow as the commit's
   * snapshot event, so the downstream runs once for it, and a write that changed nothing recomputes
   * nothing (early cutoff). A partition the catalog never recorded gets version {@code snapshotId},
   * the table's current snapshot.
   *
   * @throws IllegalArgumentException if {@code dataset} is not an external input of the dataflow, or a
   *     partition does not fit its partitioning
   */
  public synchronized Propagation onExternalWrite(DatasetId dataset, Collection<PartitionKey> partitions, long snapshotId, Cause cause) {
    requireNonNull(cause, "cause is null");
    Dataset external = requireExternal(dataset);
    requireFits(external, partitions);
    PartitionVersion unrecorded = PartitionVersion.of(snapshotId);
    return changed(external, partitions, cause, (ref, current) -> current
        .map(r -> r.withState(PartitionState.fresh()).withVersion(r.version().orElse(unrecorded)))
        .orElse(new PartitionRecord(ref, PartitionState.fresh(), Optional.of(unrecorded), Optional.empty())));
  }

  /**
   * Records that a writer outside the dataflow could not produce {@code partitions} of external dataset
   * {@code dataset}: they fail with {@code error}, attributed to {@code task}, and every downstream
   * partition computed from them (tracked, or coming into existence with them) is blocked, as for a
   * failed task of the dataflow; those fresh from earlier contents too, since the writer may have left
   * the partitions half written. Runs under way are left to end: they are then found blocked. Upstream is
   * untouched. A later write of the same partitions ({@link #onExternalWrite} or a snapshot) unblocks them.
   *
   * @throws IllegalArgumentException if {@code dataset} is not an external input of the dataflow, or a
   *     partition does not fit its partitioning
   */
  public synchronized FailureOutcome.GaveUp onExternalFailure(
      DatasetId dataset, Collection<PartitionKey> partitions, String error, TaskId task, Cause cause) {
    requireNonNull(error, "error is null");
    requireNonNull(task, "task is null");
    requireNonNull(cause, "cause is null");
    Dataset external = requireExternal(dataset);
    requireFits(external, partitions);
    List<Transition> batch = new ArrayList<>();
    NavigableSet<PartitionRef> failed = new TreeSet<>();
    for (PartitionKey key : new TreeSet<>(partitions)) {
      PartitionRef ref = new PartitionRef(dataset, key);
      batch.add(toState(ref, new PartitionState.Failed(error, task), cause));
      failed.add(ref);
    }
    NavigableSet<PartitionRef> blocked = new TreeSet<>();
    new Propagator(graph, store).downstream(byDataset(failed), true).forEach((ref, origin) -> {
      if (store.get(ref).map(PartitionRecord::kind).filter(k -> k == Kind.RUNNING).isEmpty()) {
        batch.add(toState(ref, new PartitionState.Blocked(origin), cause));
        blocked.add(ref);
      }
    });
    store.apply(batch);
    return new FailureOutcome.GaveUp(error, failed, blocked);
  }

  private Dataset requireExternal(DatasetId id) {
    Dataset dataset = graph.dataset(id).orElseThrow(() -> new IllegalArgumentException(
        "Unknown dataset %s: it is not part of the dataflow".formatted(id)));
    if (!dataset.isExternal()) {
      throw new IllegalArgumentException("%s is produced by transform %s of the dataflow, not written outside it"
          .formatted(id, graph.producerOf(id).map(t -> t.id().name()).orElse("?")));
    }
    return dataset;
  }

  /** A transition of {@code ref} to {@code state}, keeping its version and provenance; created if untracked. */
  private Transition toState(PartitionRef ref, PartitionState state, Cause cause) {
    Optional<PartitionRecord> current = store.get(ref);
    return new Transition(current,
        current.map(r -> r.withState(state)).orElse(new PartitionRecord(ref, state, Optional.empty(), Optional.empty())), cause);
  }

  /**
   * New contents of {@code keys} of {@code dataset}, each partition's record {@code after} its current
   * one (empty if untracked), and their downstream marked stale.
   */
  private Propagation changed(Dataset dataset, Collection<PartitionKey> keys, Cause cause,
      java.util.function.BiFunction<PartitionRef, Optional<PartitionRecord>, PartitionRecord> after) {
    Map<PartitionRef, Transition> transitions = new LinkedHashMap<>();
    NavigableSet<PartitionKey> changed = new TreeSet<>(keys);
    List<PartitionRef> refs = changed.stream().map(k -> new PartitionRef(dataset.id(), k)).toList();
    NavigableMap<PartitionRef, PartitionRef> downstream =
        new Propagator(graph, store).downstream(Map.of(dataset.id(), changed), true);
    // the changed partitions and their downstream in one read
    List<PartitionRef> read = new ArrayList<>(refs);
    read.addAll(downstream.keySet());
    Map<PartitionRef, PartitionRecord> records = store.getAll(read);
    for (PartitionRef ref : refs) {
      Optional<PartitionRecord> current = Optional.ofNullable(records.get(ref));
      transitions.put(ref, new Transition(current, after.apply(ref, current), cause));
    }
    invalidation.markStale(downstream.keySet(), cause, false, transitions, records);
    store.apply(List.copyOf(transitions.values()));
    return new Propagation(byDataset(downstream.keySet()), Optional.empty());
  }

  /**
   * Replaces the graph. Every output partition of a transform that is new or changed (SQL, inputs or
   * dependencies) becomes stale, with its downstream; failures of a changed transform are cleared.
   */
  public synchronized Propagation onGraphChange(DataflowGraph next) {
    requireNonNull(next, "next is null");
    Map<DatasetId, NavigableSet<PartitionKey>> seeds = new TreeMap<>();
    for (Transform transform : next.topologicalOrder()) {
      if (graph.transform(transform.id()).equals(Optional.of(transform))) {
        continue;
      }
      Dataset output = next.requireDataset(transform.output());
      NavigableSet<PartitionKey> keys = new TreeSet<>(store.partitions(output.id()).navigableKeySet());
      for (Input input : transform.inputs()) {
        for (PartitionKey key : store.partitions(input.dataset()).keySet()) {
          keys.addAll(input.dependency().createdBy(key).resolve(List.of()));
          if (!output.partitioning().isPartitioned()) {
            keys.add(PartitionKey.unpartitioned());
          }
        }
      }
      seeds.put(output.id(), keys);
    }
    graph = next;
    topologicalPosition = positions(next);
    Cause cause = new Cause.GraphChange(next.version());
    NavigableMap<PartitionRef, PartitionRef> downstream = new Propagator(graph, store).downstream(seeds, true);
    NavigableSet<PartitionRef> affected = new TreeSet<>(downstream.keySet());
    seeds.forEach((d, keys) -> keys.forEach(k -> affected.add(new PartitionRef(d, k))));
    Map<PartitionRef, Transition> transitions = new LinkedHashMap<>();
    invalidation.markStale(affected, cause, false, transitions);
    store.apply(List.copyOf(transitions.values()));
    return new Propagation(byDataset(affected), Optional.empty());
  }

  /**
   * Plans the next wave: every stale partition whose inputs are all fresh gets a task (grouped as the
   * cost model decides), a stale partition whose inputs read the same contents as last time becomes
   * fresh without a task, one whose input failed becomes blocked and one whose external input is
   * missing waits for data. Returns every pending task due at {@code now}, including retries that
   * became due, in start order; none is started.
   */
  public synchronized Wave plan(Instant now) {
    return plan(now, 0);
  }

  /**
   * Plans the next wave as {@link #plan(Instant)} does, and starts the first {@code slots} tasks due,
   * in start order, each under a new run from the id source: their partitions go straight to running
   * with the input versions they are computed from, as {@link #start} would have them. The whole pass
   * (what it plans and what it starts) is written in one batch of transitions.
   *
   * @param slots how many runs the executor can take now
   * @return the runs started, and the tasks due that were not
   */
  public synchronized Wave plan(Instant now, int slots) {
    requireNonNull(now, "now is null");
    if (slots < 0) {
      throw new IllegalArgumentException("Invalid number of free slots " + slots + ": expected 0 or more");
    }
    // Only the producers of datasets with stale partitions, in topological order: with thousands of
    // transforms and a handful affected, walking the whole order would cost more than the planning.
    // Planning a transform changes the states of its own output only, so the partitions that are not
    // fresh, read once here (by dataset, in key order), stay exact for each transform until its turn;
    // the fresh ones (nearly all of a million) are never read.
    Map<DatasetId, List<PartitionRecord>> notFresh = new HashMap<>();
    NotFresh known = new NotFresh();
    TreeMap<Integer, Transform> withStale = new TreeMap<>();
    List<PartitionRecord> pending = new ArrayList<>();
    for (PartitionRecord r : store.inStates(NOT_FRESH)) {
      notFresh.computeIfAbsent(r.ref().dataset(), d -> new ArrayList<>()).add(r);
      known.put(r);
      Integer position = topologicalPosition.get(r.ref().dataset());
      if (r.kind() == Kind.STALE && position != null) {
        withStale.putIfAbsent(position, graph.topologicalOrder().get(position));
      }
      if (r.kind() == Kind.PENDING) {
        pending.add(r);
      }
    }
    // The pass's transitions, written together at the end; until then, what it changed stands in
    // for the store's records wherever the pass reads them.
    Map<PartitionRef, Transition> pass = new LinkedHashMap<>();
    Map<PartitionRef, PartitionRecord> changed = new HashMap<>();
    Map<PartitionRef, Map<PartitionRef, PartitionVersion>> inputsRead = new HashMap<>();
    for (Transform transform : withStale.values()) {
      // A cutoff upstream may only make partitions fresh, never stale: the set cannot grow on the way.
      for (Transition t : planTransform(transform, notFresh.get(transform.output()), known, changed, inputsRead, now)) {
        pass.put(t.after().ref(), t);
        changed.put(t.after().ref(), t.after());
        known.put(t.after());
        if (t.after().kind() == Kind.PENDING) {
          pending.add(t.after());
        }
      }
    }
    Map<TaskId, Task> due = new LinkedHashMap<>();
    Map<TaskId, List<PartitionRecord>> dueRecords = new HashMap<>();
    Optional<Instant> nextRetry = Optional.empty();
    for (PartitionRecord record : pending) {
      PartitionState.Pending state = (PartitionState.Pending) record.state();
      if (state.notBefore().isAfter(now)) {
        nextRetry = nextRetry.filter(t -> t.isBefore(state.notBefore())).or(() -> Optional.of(state.notBefore()));
      } else {
        due.putIfAbsent(state.task().id(), state.task());
        dueRecords.computeIfAbsent(state.task().id(), id -> new ArrayList<>()).add(record);
      }
    }
    List<Task> ordered = due.values().stream()
        .sorted(Comparator.comparingLong(Task::priority)
            .thenComparingInt((Task t) -> graph.dataset(t.output()).map(d -> graph.depthOf(d.id())).orElse(Integer.MAX_VALUE))
            .thenComparing(t -> t.partitions().first())
            .thenComparing(Task::id))
        .toList();
    int starting = Math.min(slots, ordered.size());
    List<StartedRun> started = new ArrayList<>();
    for (Task task : ordered.subList(0, starting)) {
      started.add(startInPass(task, ids.nextRunId(), dueRecords.get(task.id()), pass, changed, inputsRead));
    }
    if (!pass.isEmpty()) {
      store.apply(List.copyOf(pass.values()));
    }
    return new Wave(started, ordered.subList(starting, ordered.size()), nextRetry);
  }

  /**
   * Starts due {@code task} under {@code run}, its partitions being {@code records}, within a batch of
   * transitions {@code pass}: each goes to running from the state it had before the batch, and the
   * inputs it reads are those planning read ({@code inputsRead}), or read now.
   */
  private StartedRun startInPass(Task task, RunId run, List<PartitionRecord> records, Map<PartitionRef, Transition> pass,
      Map<PartitionRef, PartitionRecord> changed, Map<PartitionRef, Map<PartitionRef, PartitionVersion>> inputsRead) {
    Transform transform = graph.transform(task.transform()).orElseThrow(() -> new IllegalStateException(
        "Task %s runs transform %s, which is no longer in the graph".formatted(task.id(), task.transform())));
    NavigableMap<PartitionKey, Provenance> reads = new TreeMap<>();
    for (PartitionRecord record : records) {
      Map<PartitionRef, PartitionVersion> inputs = inputsRead.get(record.ref());
      if (inputs == null) {
        if (!(Readiness.of(graph, store, changed, transform, record.ref().key()) instanceof Readiness.Ready ready)) {
          throw new IllegalStateException("Task %s cannot start: the inputs of %s are not all fresh".formatted(task.id(), record.ref()));
        }
        inputs = ready.inputs();
      }
      Provenance provenance = Provenance.of(transform.fingerprint(), inputs);
      reads.put(record.ref().key(), provenance);
      Transition planned = pass.get(record.ref());
      Optional<PartitionRecord> before = planned == null ? Optional.of(record) : planned.before();
      pass.put(record.ref(), new Transition(before, record.withState(new PartitionState.Running(task, run, provenance)), new Cause.Run(run)));
    }
    return new StartedRun(task, run, reads);
  }

  /**
   * Plans the stale partitions of {@code transform}'s output. Returns the transitions, not yet applied.
   *
   * @param notFresh every partition of the output that is not fresh, in key order
   * @param known every partition of the dataflow that is not fresh, as planning has left it so far
   * @param changed the records the pass changed so far, which stand in for the store's
   * @param inputsRead where the input versions of each partition found ready are recorded
   */
  private List<Transition> planTransform(Transform transform, List<PartitionRecord> notFresh, NotFresh known,
      Map<PartitionRef, PartitionRecord> changed, Map<PartitionRef, Map<PartitionRef, PartitionVersion>> inputsRead, Instant now) {
    Dataset output = graph.requireDataset(transform.output());
    List<Transition> batch = new ArrayList<>();
    NavigableSet<PartitionKey> ready = new TreeSet<>();
    boolean fullAllowed = true;
    for (PartitionRecord record : notFresh) {
      if (record.kind() != Kind.STALE) {
        fullAllowed = false;
        continue;
      }
      if (known.surelyNotYet(graph, transform, record.ref().key())) {
        // an input it reads is itself still to be computed: no need to read the inputs to know
        fullAllowed = false;
        continue;
      }
      Readiness readiness = Readiness.of(graph, store, changed, transform, record.ref().key());
      switch (readiness) {
        case Readiness.Ready r when record.provenance().filter(p -> p.matches(transform.fingerprint(), r.inputs())).isPresent() ->
            batch.add(Transition.of(record,
                record.withState(PartitionState.fresh()).withProvenance(Optional.of(Provenance.of(transform.fingerprint(), r.inputs()))),
                new Cause.Planning("early cutoff: its inputs hold the same contents as when it was computed")));
        case Readiness.Ready r -> {
          ready.add(record.ref().key());
          inputsRead.put(record.ref(), r.inputs());
        }
        case Readiness.NotYet n -> fullAllowed = false;
        case Readiness.Blocked b -> {
          fullAllowed = false;
          batch.add(Transition.of(record, record.withState(new PartitionState.Blocked(b.cause())),
              new Cause.Planning("blocked: input " + b.cause() + " failed")));
        }
        case Readiness.Waiting w -> {
          fullAllowed = false;
          batch.add(Transition.of(record, record.withState(new PartitionState.WaitingForData(w.dataset(), w.missing())),
              new Cause.Planning("waiting for data in " + w.dataset())));
        }
      }
    }
    if (!ready.isEmpty()) {
      NavigableSet<PartitionKey> existing = store.keys(output.id());
      ExecutionChoice choice = costModel.choose(new CostQuery(transform, output, ready, existing, fullAllowed));
      Map<PartitionRef, PartitionRecord> records = store.getAll(choice.groups().stream()
          .flatMap(g -> g.stream().map(k -> new PartitionRef(output.id(), k)))
          .toList());
      for (NavigableSet<PartitionKey> group : choice.groups()) {
        Task task = new Task(ids.nextTaskId(transform.id()), transform.id(), output.id(), group,
            choice.strategy(), choice.reason(), 1, priorityOf(output.id(), group));
        for (PartitionKey key : group) {
          PartitionRecord record = records.get(new PartitionRef(output.id(), key));
          if (record == null || !(record.kind() == Kind.STALE && ready.contains(key) || record.kind() == Kind.FRESH)) {
            throw new IllegalStateException("Cost model put %s[%s] in task %s, but it is not ready to be rewritten"
                .formatted(output.id(), key, task.id()));
          }
          batch.add(Transition.of(record, record.withState(new PartitionState.Pending(task, now)),
              new Cause.Planning("planned as task " + task.id())));
        }
      }
    }
    return batch;
  }

  /**
   * Marks the partitions of pending task {@code taskId} running under {@code run}, recording the input
   * versions they are computed from. Empty if the task is no longer pending (a newer change cancelled
   * it: it will be planned again).
   *
   * @throws IllegalStateException if its inputs are no longer fresh, which the planner never allows
   */
  public synchronized Optional<StartedRun> start(TaskId taskId, RunId run) {
    List<PartitionRecord> records = store.pendingFor(taskId);
    if (records.isEmpty()) {
      return Optional.empty();
    }
    Task task = ((PartitionState.Pending) records.getFirst().state()).task();
    Map<PartitionRef, Transition> batch = new LinkedHashMap<>();
    StartedRun started = startInPass(task, run, records, batch, Map.of(), Map.of());
    store.apply(List.copyOf(batch.values()));
    return Optional.of(started);
  }


  /**
   * Records that {@code run} committed snapshot {@code snapshotId}, with a content checksum per output
   * partition. A partition whose inputs are unchanged since the run started becomes fresh (otherwise
   * stale again); where its checksum equals the previous one, the downstream partitions that were
   * stale only because of it become fresh with new provenance instead of being rerun.
   *
   * @throws IllegalArgumentException if no partition is running under {@code run}
   */
  public synchronized SuccessOutcome onSuccess(RunId run, long snapshotId, Map<PartitionKey, String> checksums) {
    List<PartitionRecord> records = running(run);
    Cause cause = new Cause.Run(run);
    List<Transition> batch = new ArrayList<>();
    NavigableSet<PartitionRef> fresh = new TreeSet<>();
    NavigableSet<PartitionRef> staleAgain = new TreeSet<>();
    NavigableSet<PartitionRef> unchanged = new TreeSet<>();
    for (PartitionRecord record : records) {
      PartitionState.Running running = (PartitionState.Running) record.state();
      PartitionVersion version = new PartitionVersion(snapshotId, Optional.ofNullable(checksums.get(record.ref().key())));
      boolean sameContents = record.version().filter(v -> v.sameContentAs(version)).isPresent();
      Optional<Transform> transform = graph.transform(running.task().transform());
      boolean current = transform.isPresent()
          && Readiness.of(graph, store, transform.get(), record.ref().key()) instanceof Readiness.Ready ready
          && running.reads().matches(transform.get().fingerprint(), ready.inputs());
      (current ? fresh : staleAgain).add(record.ref());
      if (sameContents) {
        unchanged.add(record.ref());
      }
      batch.add(Transition.of(record, new PartitionRecord(record.ref(), current ? PartitionState.fresh() : PartitionState.stale(),
          Optional.of(version), Optional.of(running.reads())), cause));
    }
    store.apply(batch);
    NavigableSet<PartitionRef> cutFrom = new TreeSet<>(unchanged);
    cutFrom.retainAll(fresh);
    NavigableSet<PartitionRef> cutOff = new EarlyCutoff(graph, store).from(cutFrom, cause);
    return new SuccessOutcome(fresh, staleAgain, unchanged, cutOff);
  }

  /**
   * Records that {@code run} failed at {@code now}. When an input of the run changed while it ran, its
   * partitions are stale again and planned anew once their inputs are fresh: the new data may well
   * not fail, and the change that could fix the failure has already passed. Otherwise a transient
   * failure within the retry limit puts the task back as pending, due after the backoff; any other
   * failure fails its partitions and blocks every tracked downstream partition waiting on them.
   * Upstream partitions are untouched.
   *
   * @throws IllegalArgumentException if no partition is running under {@code run}
   */
  public synchronized FailureOutcome onFailure(RunId run, Failure failure, Instant now) {
    List<PartitionRecord> records = running(run);
    Task task = ((PartitionState.Running) records.getFirst().state()).task();
    Cause cause = new Cause.Run(run);
    String error = failure.message();
    if (!inputsAsWhenStarted(records)) {
      store.apply(records.stream().map(r -> Transition.of(r, r.withState(PartitionState.stale()), cause)).toList());
      return new FailureOutcome.Replanned(error, new TreeSet<>(records.stream().map(PartitionRecord::ref).toList()));
    }
    if (failure.kind() == Failure.Kind.TRANSIENT) {
      Optional<Instant> retryAt = retryPolicy.nextAttempt(task.attempt(), now);
      if (retryAt.isPresent()) {
        Task next = task.nextAttempt();
        store.apply(records.stream()
            .map(r -> Transition.of(r, r.withState(new PartitionState.Pending(next, retryAt.get())), cause))
            .toList());
        return new FailureOutcome.Retry(next, retryAt.get());
      }
      error = "%s (gave up after %d attempts)".formatted(error, task.attempt());
    }
    List<Transition> batch = new ArrayList<>();
    NavigableSet<PartitionRef> failed = new TreeSet<>();
    for (PartitionRecord record : records) {
      batch.add(Transition.of(record, record.withState(new PartitionState.Failed(error, task.id())), cause));
      failed.add(record.ref());
    }
    NavigableSet<PartitionRef> blocked = new TreeSet<>();
    NavigableMap<PartitionRef, PartitionRef> downstream = new Propagator(graph, store).downstream(byDataset(failed), false);
    Map<PartitionRef, PartitionRecord> current = store.getAll(downstream.keySet());
    downstream.forEach((ref, origin) -> {
      PartitionRecord record = Optional.ofNullable(current.get(ref)).orElseThrow();
      if (Set.of(Kind.STALE, Kind.WAITING_FOR_DATA, Kind.BLOCKED, Kind.PENDING).contains(record.kind())) {
        batch.add(Transition.of(record, record.withState(new PartitionState.Blocked(origin)), cause));
        blocked.add(ref);
      }
    });
    store.apply(batch);
    return new FailureOutcome.GaveUp(error, failed, blocked);
  }

  /**
   * Records that {@code run} was interrupted at {@code now} before it committed, by a stop of the
   * gateway: nothing the task did, so neither a failure nor an attempt. Its task is pending again,
   * due at {@code now}, on the same attempt. If an input it reads is no longer fresh (it changed while
   * the run was under way and is being recomputed), its partitions are stale instead, and planned
   * anew once their inputs are. Downstream and upstream are untouched.
   *
   * @return the task pending again; empty when its partitions went back to stale
   * @throws IllegalArgumentException if no partition is running under {@code run}
   */
  public synchronized Optional<Task> onInterrupted(RunId run, Instant now) {
    requireNonNull(now, "now is null");
    List<PartitionRecord> records = running(run);
    Task task = ((PartitionState.Running) records.getFirst().state()).task();
    boolean ready = inputsAsWhenStarted(records);
    PartitionState next = ready ? new PartitionState.Pending(task, now) : PartitionState.stale();
    Cause cause = new Cause.Run(run);
    store.apply(records.stream().map(r -> Transition.of(r, r.withState(next), cause)).toList());
    return ready ? Optional.of(task) : Optional.empty();
  }

  /**
   * Whether every partition running under one run could start again now from the same inputs: they
   * are all fresh, at the versions the run read, and the transform is the one it ran.
   */
  private boolean inputsAsWhenStarted(List<PartitionRecord> running) {
    for (PartitionRecord record : running) {
      PartitionState.Running state = (PartitionState.Running) record.state();
      Optional<Transform> transform = graph.transform(state.task().transform());
      if (transform.isEmpty()
          || !(Readiness.of(graph, store, transform.get(), record.ref().key()) instanceof Readiness.Ready ready)
          || !state.reads().matches(transform.get().fingerprint(), ready.inputs())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Starts a backfill: the range's partitions are recomputed whatever their provenance says (their
   * downstream only if the contents change), and their tasks come first, in the requested order.
   *
   * @throws IllegalArgumentException for an external or unknown dataset, or a range that does not
   *     fit the dataset's partitioning
   */
  public synchronized Propagation backfill(Backfill request) {
    Dataset dataset = graph.requireDataset(request.dataset());
    if (dataset.isExternal()) {
      throw new IllegalArgumentException("Cannot backfill %s: it is an external input, restated by its writer".formatted(dataset.id()));
    }
    List<PartitionKey> keys = request.partitions();
    requireFits(dataset, keys);
    prioritize(request, keys);
    Cause cause = new Cause.Backfill(request.id());
    Map<PartitionRef, Transition> transitions = new LinkedHashMap<>();
    NavigableSet<PartitionRef> targets = new TreeSet<>(keys.stream().map(k -> new PartitionRef(dataset.id(), k)).toList());
    invalidation.markStale(targets, cause, true, transitions);
    NavigableMap<PartitionRef, PartitionRef> downstream =
        new Propagator(graph, store).downstream(Map.of(dataset.id(), new TreeSet<>(keys)), true);
    invalidation.markStale(downstream.keySet(), cause, false, transitions);
    store.apply(List.copyOf(transitions.values()));
    NavigableSet<PartitionRef> affected = new TreeSet<>(targets);
    affected.addAll(downstream.keySet());
    return new Propagation(byDataset(affected), Optional.empty());
  }

  /**
   * Takes up backfill {@code request}, started by an earlier planner over the same store, after a
   * restart: the partitions it still has to compute are planned in its requested order again. No
   * state changes: what it marked stale stays stale, what it computed stays fresh and is not rerun,
   * and tasks already planned keep the place they were given.
   *
   * @throws IllegalArgumentException for a dataset no longer produced in the dataflow, or a range
   *     that no longer fits its partitioning
   */
  public synchronized void resume(Backfill request) {
    Dataset dataset = graph.requireDataset(request.dataset());
    if (dataset.isExternal()) {
      throw new IllegalArgumentException("Cannot resume backfill %s of %s: it is now an external input".formatted(request.id(), dataset.id()));
    }
    List<PartitionKey> keys = request.partitions();
    requireFits(dataset, keys);
    prioritize(request, keys);
  }

  /** Gives each of {@code keys}, the partitions of {@code request} in its order, its place in that order. */
  private void prioritize(Backfill request, List<PartitionKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      priorities.put(new PartitionRef(request.dataset(), keys.get(i)), (long) i);
    }
    backfills.put(request.id(), request);
  }

  /**
   * How far backfill {@code backfillId} has come.
   *
   * @throws IllegalArgumentException if this planner started no such backfill
   */
  public synchronized BackfillProgress progress(String backfillId) {
    Backfill backfill = Optional.ofNullable(backfills.get(backfillId))
        .orElseThrow(() -> new IllegalArgumentException("Unknown backfill " + backfillId));
    int done = 0;
    int failed = 0;
    int waiting = 0;
    List<PartitionKey> keys = backfill.partitions();
    for (PartitionKey key : keys) {
      Kind kind = store.get(new PartitionRef(backfill.dataset(), key)).map(PartitionRecord::kind).orElse(Kind.STALE);
      switch (kind) {
        case FRESH -> done++;
        case FAILED, BLOCKED -> failed++;
        case WAITING_FOR_DATA -> waiting++;
        default -> { }
      }
    }
    return new BackfillProgress(keys.size(), done, failed, waiting);
  }

  private List<PartitionRecord> running(RunId run) {
    List<PartitionRecord> records = store.runningUnder(run);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("No partition is running under run %s: it is unknown or already finished".formatted(run));
    }
    return records;
  }

  private long priorityOf(DatasetId dataset, Collection<PartitionKey> keys) {
    return keys.stream()
        .mapToLong(k -> priorities.getOrDefault(new PartitionRef(dataset, k), Long.MAX_VALUE))
        .min()
        .orElse(Long.MAX_VALUE);
  }

  private static void requireFits(Dataset dataset, Collection<PartitionKey> keys) {
    for (PartitionKey key : keys) {
      if (!dataset.partitioning().accepts(key)) {
        throw new IllegalArgumentException("Partition %s does not fit %s, partitioned %s".formatted(key, dataset.id(), dataset.partitioning()));
      }
    }
  }

  private static NavigableMap<DatasetId, NavigableSet<PartitionKey>> byDataset(Collection<PartitionRef> refs) {
    NavigableMap<DatasetId, NavigableSet<PartitionKey>> result = new TreeMap<>();
    refs.forEach(r -> result.computeIfAbsent(r.dataset(), d -> new TreeSet<>()).add(r.key()));
    return result;
  }
}
