package io.dataflow.gateway.server.api;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.planner.model.Semantics;
import io.dataflow.gateway.planner.model.SemanticsClass;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.scheduling.Backfill;
import io.dataflow.gateway.planner.scheduling.BackfillProgress;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.RunId;
import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.state.TaskId;
import io.dataflow.gateway.planner.state.Transition;
import io.dataflow.gateway.server.dataflow.BackfillStatus;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The e-commerce example as the API sees it, without Trino: raw transactions of 2024-01-01 to
 * 2024-01-20, their daily and weekly totals and the lifetime table, just after day 2024-01-10 was
 * restated (snapshot event 42) and while the daily partition of that day runs.
 */
final class FakeDataflow implements DataflowView {

  static final DatasetId RAW = DatasetId.of("raw.transactions");
  static final DatasetId DAILY = DatasetId.of("analytics.daily_customer_totals");
  static final DatasetId WEEKLY = DatasetId.of("analytics.weekly_customer_totals");
  static final DatasetId LIFETIME = DatasetId.of("analytics.customer_lifetime_value");
  static final String RUN = "run-daily-0110";
  static final PartitionKey RESTATED = PartitionKey.day("2024-01-10");

  private final DataflowGraph graph;
  private final Map<DatasetId, NavigableMap<PartitionKey, PartitionRecord>> states = new HashMap<>();
  private final Map<TransformId, TaskAnnotation> annotations = new HashMap<>();
  private final Map<PartitionRef, List<Transition>> history = new HashMap<>();
  private final List<RunRecord> runs = new ArrayList<>();
  final Map<String, BackfillStatus> backfills = new LinkedHashMap<>();

  FakeDataflow() {
    Partitioning byDay = Partitioning.by("day", Granularity.DAY);
    graph = DataflowGraph.builder()
        .dataset(Dataset.external(RAW, byDay))
        .dataset(Dataset.produced(DAILY, byDay))
        .dataset(Dataset.produced(WEEKLY, byDay))
        .dataset(Dataset.produced(LIFETIME, Partitioning.none()))
        .transform(transform("daily_customer_totals", DAILY, RAW, PartitionDependency.identity(), SemanticsClass.MAP))
        .transform(transform("weekly_customer_totals", WEEKLY, DAILY, PartitionDependency.window(-6, 0), SemanticsClass.PARTIAL))
        .transform(transform("customer_lifetime_value", LIFETIME, DAILY, PartitionDependency.all(), SemanticsClass.FULL))
        .build();
    SemanticAnnotator annotator = SemanticAnnotator.create();
    annotations.put(id("daily_customer_totals"), annotator.annotate(EcommerceExample.DAILY_CUSTOMER_TOTALS, Dialect.TRINO, EcommerceExample.SCHEMA));
    annotations.put(id("weekly_customer_totals"), annotator.annotate(EcommerceExample.WEEKLY_CUSTOMER_TOTALS, Dialect.TRINO, EcommerceExample.SCHEMA));
    annotations.put(id("customer_lifetime_value"), annotator.annotate(EcommerceExample.CUSTOMER_LIFETIME_VALUE, Dialect.TRINO, EcommerceExample.SCHEMA));

    Task task = new Task(new TaskId("task-daily-0110"), id("daily_customer_totals"), DAILY, new TreeSet<>(List.of(RESTATED)),
        Task.Strategy.PER_PARTITION, "one partition: cheaper alone", 1, 0);
    for (LocalDate day = LocalDate.parse("2024-01-01"); !day.isAfter(LocalDate.parse("2024-01-20")); day = day.plusDays(1)) {
      PartitionKey key = PartitionKey.day(day);
      put(RAW, key, PartitionState.fresh(), Optional.empty());
      boolean weeklyStale = key.value().compareTo("2024-01-10") >= 0 && key.value().compareTo("2024-01-16") <= 0;
      put(WEEKLY, key, weeklyStale ? PartitionState.stale() : PartitionState.fresh(),
          Optional.of(Provenance.of("weekly-fp", Map.of(new PartitionRef(DAILY, key), PartitionVersion.of(100)))));
      put(DAILY, key, key.equals(RESTATED) ? new PartitionState.Running(task, new RunId(RUN), Provenance.of("daily-fp", Map.of()))
          : PartitionState.fresh(), Optional.of(Provenance.of("daily-fp", Map.of(new PartitionRef(RAW, key), PartitionVersion.of(7)))));
    }
    put(LIFETIME, PartitionKey.unpartitioned(), PartitionState.stale(), Optional.empty());

    PartitionRef restated = new PartitionRef(DAILY, RESTATED);
    PartitionRecord fresh = states.get(DAILY).get(RESTATED).withState(PartitionState.fresh());
    PartitionRecord stale = fresh.withState(PartitionState.stale());
    history.put(restated, List.of(
        Transition.create(fresh, new Cause.GraphChange(1)),
        Transition.of(fresh, stale, new Cause.SnapshotEvent("42")),
        Transition.of(stale, states.get(DAILY).get(RESTATED), new Cause.Run(new RunId(RUN)))));
    runs.add(new RunRecord("run-weekly-old", "task-weekly", "ecommerce_daily.weekly_customer_totals", WEEKLY.name(), List.of("2024-01-09"),
        "PER_PARTITION", "one partition", 1, RunRecord.State.FAILED, Optional.of("20240110_000000_00001_abcde"), OptionalLong.empty(),
        Optional.empty(), Optional.of("Division by zero"), Optional.of("USER_ERROR"), Instant.parse("2024-02-01T10:00:00Z"),
        Optional.of(Instant.parse("2024-02-01T10:00:02Z"))));
    runs.addFirst(new RunRecord(RUN, "task-daily-0110", "ecommerce_daily.daily_customer_totals", DAILY.name(), List.of("2024-01-10"),
        "PER_PARTITION", "one partition: cheaper alone", 1, RunRecord.State.RUNNING, Optional.of("20240201_100500_00002_abcde"),
        OptionalLong.empty(), Optional.of("{\"cpuTimeMillis\": 12}"), Optional.empty(), Optional.empty(),
        Instant.parse("2024-02-01T10:05:00Z"), Optional.empty()));
  }

  private static TransformId id(String task) {
    return TransformId.of("ecommerce_daily." + task);
  }

  private static Transform transform(String task, DatasetId output, DatasetId input, PartitionDependency dependency, SemanticsClass semantics) {
    return new Transform(id(task), output, List.of(new Input(input, dependency)), Semantics.of(semantics, task + " reads " + input),
        task + "-fingerprint");
  }

  private void put(DatasetId dataset, PartitionKey key, PartitionState state, Optional<Provenance> provenance) {
    states.computeIfAbsent(dataset, d -> new TreeMap<>())
        .put(key, new PartitionRecord(new PartitionRef(dataset, key), state, Optional.of(PartitionVersion.of(7, "abc")), provenance));
  }

  @Override
  public DataflowGraph graph() {
    return graph;
  }

  @Override
  public NavigableMap<PartitionKey, PartitionRecord> partitions(DatasetId dataset) {
    return states.getOrDefault(dataset, new TreeMap<>());
  }

  @Override
  public List<Transition> history(PartitionRef partition) {
    return history.getOrDefault(partition, List.of());
  }

  @Override
  public Optional<TaskAnnotation> annotation(TransformId transform) {
    return Optional.ofNullable(annotations.get(transform));
  }

  @Override
  public Optional<TableName> legacyName(DatasetId dataset) {
    return Optional.of(TableName.of(dataset.name()));
  }

  @Override
  public List<RunRecord> runs(Optional<String> dataset, Optional<RunRecord.State> state, int limit) {
    return runs.stream()
        .filter(r -> dataset.map(r.dataset()::equals).orElse(true))
        .filter(r -> state.map(s -> s == r.state()).orElse(true))
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return runs.stream().filter(r -> r.runId().equals(runId)).findFirst();
  }

  @Override
  public void backfill(Backfill backfill) {
    if (graph.requireDataset(backfill.dataset()).isExternal()) {
      throw new IllegalArgumentException("Cannot backfill external dataset " + backfill.dataset());
    }
    int total = backfill.partitions().size();
    backfills.put(backfill.id(), new BackfillStatus(backfill, new BackfillProgress(total, 0, 0, 0), Instant.now(), 0, Optional.empty()));
  }

  @Override
  public Optional<BackfillStatus> backfill(String backfillId) {
    return Optional.ofNullable(backfills.get(backfillId));
  }
}
