package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.dataflow.RunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/** Datasets, their partitions and the downstream impact of a partition, read from the dataflow. */
final class DatasetQueries {

  /** How many of a dataset's latest runs are searched for each partition's last run. */
  static final int RECENT_RUNS = 1_000;

  private final DataflowView dataflow;
  private final SchemaSource schemas;

  DatasetQueries(DataflowView dataflow, SchemaSource schemas) {
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.schemas = requireNonNull(schemas, "schemas is null");
  }

  /**
   * The dataset {@code id}.
   *
   * @throws ApiException 404 if the dataflow has no such dataset
   */
  Dataset require(String id) {
    DatasetId dataset;
    try {
      dataset = DatasetId.of(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("dataset", id);
    }
    return dataflow.graph().dataset(dataset).orElseThrow(() -> ApiException.notFound("dataset", id));
  }

  /** Every dataset of {@code origin} (or all), by id. */
  List<Dataset> all(Optional<Dataset.Origin> origin) {
    return dataflow.graph().datasets().stream().filter(d -> origin.map(o -> o == d.origin()).orElse(true)).toList();
  }

  static Optional<Dataset.Origin> origin(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (Dataset.Origin origin : Dataset.Origin.values()) {
      if (origin.name().equalsIgnoreCase(text.strip())) {
        return Optional.of(origin);
      }
    }
    throw ApiException.invalid("origin", "origin must be external or produced, not '" + text + "'");
  }

  DatasetJson.Summary summary(Dataset dataset) {
    DataflowGraph graph = dataflow.graph();
    return new DatasetJson.Summary(dataset.id().name(), lower(dataset.origin()), dataset.partitioning().toString(),
        dataflow.legacyName(dataset.id()).map(Object::toString),
        graph.producerOf(dataset.id()).map(t -> t.id().name()),
        graph.consumersOf(dataset.id()).stream().map(t -> t.id().name()).toList());
  }

  DatasetJson.Detail detail(Dataset dataset) {
    DataflowGraph graph = dataflow.graph();
    var partitioning = new DatasetJson.Partitioning(dataset.partitioning().column(),
        dataset.partitioning().granularity().map(DatasetQueries::lower), dataset.partitioning().toString());
    List<DatasetJson.Consumer> consumers = graph.consumersOf(dataset.id()).stream()
        .map(t -> new DatasetJson.Consumer(t.id().name(), t.output().name(), t.input(dataset.id()).orElseThrow().dependency().describe()))
        .toList();
    return new DatasetJson.Detail(dataset.id().name(), lower(dataset.origin()), dataflow.legacyName(dataset.id()).map(Object::toString),
        partitioning, schemas.schema(dataset.id()), graph.producerOf(dataset.id()).map(this::producer), consumers);
  }

  private DatasetJson.Producer producer(Transform transform) {
    Optional<TaskAnnotation> annotation = dataflow.annotation(transform.id());
    List<DatasetJson.Input> inputs = transform.inputs().stream()
        .map(input -> new DatasetJson.Input(input.dataset().name(), input.dependency().describe(), predicates(annotation, input)))
        .toList();
    return new DatasetJson.Producer(transform.id().name(), transform.semantics().semanticsClass().name(), transform.semantics().reason(),
        transform.fingerprint(), annotation.flatMap(a -> a.output()).map(o -> o.writeMode().name()), inputs,
        annotation.map(TaskAnnotation::notes).orElse(List.of()));
  }

  private List<String> predicates(Optional<TaskAnnotation> annotation, Input input) {
    return dataflow.legacyName(input.dataset())
        .flatMap(name -> annotation.flatMap(a -> a.input(name)))
        .map(InputTable::partitionPredicates)
        .orElse(List.of());
  }

  /**
   * The tracked partitions of {@code dataset} in {@code state} (or all) on the page {@code paging}
   * asks for, by key, read by the store a page at a time; one more than the page when a next page
   * follows (see {@link Paging#page(List, java.util.function.Function, java.util.function.Function,
   * jakarta.ws.rs.core.UriInfo)}).
   *
   * @throws ApiException 400 if the cursor does not hold a partition of the dataset
   */
  List<PartitionRecord> partitions(Dataset dataset, Optional<PartitionState.Kind> state, Paging paging) {
    Optional<PartitionKey> after = paging.after().map(value -> PartitionKeys.parse(dataset.partitioning(), "cursor", value));
    return dataflow.partitions(dataset.id(), state, after, paging.limit() + 1);
  }

  static Optional<PartitionState.Kind> state(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (PartitionState.Kind kind : PartitionState.Kind.values()) {
      if (kind.name().equalsIgnoreCase(text.strip())) {
        return Optional.of(kind);
      }
    }
    throw ApiException.invalid("state", "state must be one of " + List.of(PartitionState.Kind.values()).stream()
        .map(DatasetQueries::lower).toList() + ", not '" + text + "'");
  }

  /** The latest of the dataset's recent runs for each partition, by partition value. */
  Map<String, RunRecord> lastRuns(Dataset dataset) {
    Map<String, RunRecord> last = new HashMap<>();
    for (RunRecord run : dataflow.runs(Optional.of(dataset.id().name()), Optional.empty(), RECENT_RUNS)) {
      run.partitions().forEach(p -> last.putIfAbsent(p, run));
    }
    return last;
  }

  /**
   * Every downstream partition computed from {@code key} of {@code dataset}, transitively, and those
   * of them that are not fresh. Only tracked partitions count: a window that reaches past the last
   * day of its output names partitions that do not exist.
   */
  PartitionJson.Impact impact(Dataset dataset, PartitionKey key) {
    DataflowGraph graph = dataflow.graph();
    Map<DatasetId, NavigableMap<PartitionKey, PartitionRecord>> states = new HashMap<>();
    Map<PartitionRef, Integer> distance = new LinkedHashMap<>();
    Deque<PartitionRef> queue = new ArrayDeque<>(List.of(new PartitionRef(dataset.id(), key)));
    distance.put(queue.peek(), 0);
    while (!queue.isEmpty()) {
      PartitionRef current = queue.poll();
      for (Transform consumer : graph.consumersOf(current.dataset())) {
        Input input = consumer.input(current.dataset()).orElseThrow();
        NavigableMap<PartitionKey, PartitionRecord> output = states.computeIfAbsent(consumer.output(), dataflow::partitions);
        for (PartitionKey affected : input.dependency().affectedBy(current.key()).resolve(output.keySet())) {
          PartitionRef ref = new PartitionRef(consumer.output(), affected);
          if (output.containsKey(affected) && distance.putIfAbsent(ref, distance.get(current) + 1) == null) {
            queue.add(ref);
          }
        }
      }
    }
    List<PartitionJson.Impacted> affected = new ArrayList<>();
    distance.forEach((ref, d) -> {
      if (d == 0) {
        return;
      }
      PartitionRecord record = states.get(ref.dataset()).get(ref.key());
      if (record.kind() != PartitionState.Kind.FRESH) {
        affected.add(new PartitionJson.Impacted(ref.dataset().name(), ref.key().value(), record.kind().name(),
            PartitionJson.describe(record.state()), d));
      }
    });
    affected.sort(Comparator.comparingInt(PartitionJson.Impacted::distance)
        .thenComparing(PartitionJson.Impacted::dataset).thenComparing(PartitionJson.Impacted::partition));
    Optional<String> own = Optional.ofNullable(dataflow.partitions(dataset.id()).get(key)).map(r -> r.kind().name());
    return new PartitionJson.Impact(dataset.id().name(), key.value(), own, distance.size() - 1, affected);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
