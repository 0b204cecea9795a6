package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, validated dataflow: datasets and the transforms between them, acyclic, with at most
 * one producer per dataset. Build one with {@link #builder()}; change one with {@link #toBuilder()},
 * which yields the next {@link #version()}.
 */
public final class DataflowGraph {

  private final long version;
  private final SortedMap<DatasetId, Dataset> datasets;
  private final Map<TransformId, Transform> transforms;
  private final Map<DatasetId, Transform> producers;
  private final Map<DatasetId, List<Transform>> consumers;
  private final List<Transform> topologicalOrder;
  private final Map<DatasetId, Integer> depth;

  private DataflowGraph(long version, SortedMap<DatasetId, Dataset> datasets, List<Transform> topologicalOrder) {
    this.version = version;
    this.datasets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(datasets));
    this.topologicalOrder = List.copyOf(topologicalOrder);
    Map<TransformId, Transform> byId = new LinkedHashMap<>();
    Map<DatasetId, Transform> byOutput = new HashMap<>();
    Map<DatasetId, List<Transform>> readers = new HashMap<>();
    Map<DatasetId, Integer> depths = new HashMap<>();
    datasets.keySet().forEach(id -> depths.put(id, 0));
    for (Transform t : topologicalOrder) {
      byId.put(t.id(), t);
      byOutput.put(t.output(), t);
      int d = 0;
      for (Input input : t.inputs()) {
        readers.computeIfAbsent(input.dataset(), k -> new ArrayList<>()).add(t);
        d = Math.max(d, depths.get(input.dataset()) + 1);
      }
      depths.put(t.output(), d);
    }
    this.transforms = java.util.Collections.unmodifiableMap(byId);
    this.producers = Map.copyOf(byOutput);
    Map<DatasetId, List<Transform>> frozen = new HashMap<>();
    readers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.consumers = Map.copyOf(frozen);
    this.depth = Map.copyOf(depths);
  }

  /** A builder for a new graph, version 1. */
  public static Builder builder() {
    return new Builder(0, Map.of(), Map.of());
  }

  /** A builder seeded with this graph; what it builds is version {@code version() + 1}. */
  public Builder toBuilder() {
    return new Builder(version, datasets, transforms);
  }

  /** The version: 1 for a new graph, one more for every change. */
  public long version() {
    return version;
  }

  public Optional<Dataset> dataset(DatasetId id) {
    return Optional.ofNullable(datasets.get(id));
  }

  /**
   * The dataset {@code id}.
   *
   * @throws IllegalArgumentException if the graph has no such dataset
   */
  public Dataset requireDataset(DatasetId id) {
    return dataset(id).orElseThrow(() -> new IllegalArgumentException("Unknown dataset " + id));
  }

  public Collection<Dataset> datasets() {
    return datasets.values();
  }

  public Optional<Transform> transform(TransformId id) {
    return Optional.ofNullable(transforms.get(id));
  }

  /** The transform writing {@code dataset}; empty for an external input. */
  public Optional<Transform> producerOf(DatasetId dataset) {
    return Optional.ofNullable(producers.get(dataset));
  }

  /** The transforms reading {@code dataset}, in topological order. */
  public List<Transform> consumersOf(DatasetId dataset) {
    return consumers.getOrDefault(dataset, List.of());
  }

  /** Every transform, each after all transforms it depends on (ties broken by id). */
  public List<Transform> topologicalOrder() {
    return topologicalOrder;
  }

  /**
   * The length of the longest path from an external input to {@code dataset}: 0 for external inputs.
   * Processing datasets by increasing depth visits every dataset after all of its inputs.
   */
  public int depthOf(DatasetId dataset) {
    Integer d = depth.get(dataset);
    if (d == null) {
      throw new IllegalArgumentException("Unknown dataset " + dataset);
    }
    return d;
  }

  @Override
  public String toString() {
    return "DataflowGraph v%d (%d datasets, %d transforms)".formatted(version, datasets.size(), transforms.size());
  }

  /** Collects datasets and transforms; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final long baseVersion;
    private final Map<DatasetId, Dataset> datasets;
    private final Map<TransformId, Transform> transforms;

    private Builder(long baseVersion, Map<DatasetId, Dataset> datasets, Map<TransformId, Transform> transforms) {
      this.baseVersion = baseVersion;
      this.datasets = new LinkedHashMap<>(datasets);
      this.transforms = new LinkedHashMap<>(transforms);
    }

    /** Adds a dataset, replacing one with the same id. */
    public Builder dataset(Dataset dataset) {
      datasets.put(requireNonNull(dataset, "dataset is null").id(), dataset);
      return this;
    }

    /** Adds a transform, replacing one with the same id. */
    public Builder transform(Transform transform) {
      transforms.put(requireNonNull(transform, "transform is null").id(), transform);
      return this;
    }

    /** Removes a transform (its output dataset stays until removed too). */
    public Builder removeTransform(TransformId id) {
      transforms.remove(id);
      return this;
    }

    public Builder removeDataset(DatasetId id) {
      datasets.remove(id);
      return this;
    }

    /**
     * Validates and builds the graph.
     *
     * @throws InvalidDataflowException naming every unknown dataset, dataset written twice, external
     *     dataset written, produced dataset never written, incompatible dependency, and cycle found
     */
    public DataflowGraph build() {
      List<String> problems = new ArrayList<>();
      Map<DatasetId, Transform> producers = new TreeMap<>();
      for (Transform t : sorted(transforms.values())) {
        Dataset output = datasets.get(t.output());
        if (output == null) {
          problems.add("transform %s writes unknown dataset %s".formatted(t.id(), t.output()));
        } else if (output.isExternal()) {
          problems.add("transform %s writes %s, which is an external input".formatted(t.id(), t.output()));
        }
        Transform other = producers.putIfAbsent(t.output(), t);
        if (other != null) {
          problems.add("dataset %s has two producers: %s and %s".formatted(t.output(), other.id(), t.id()));
        }
        for (Input input : t.inputs()) {
          Dataset read = datasets.get(input.dataset());
          if (read == null) {
            problems.add("transform %s reads unknown dataset %s".formatted(t.id(), input.dataset()));
          } else if (output != null) {
            input.dependency().incompatibility(read.partitioning(), output.partitioning())
                .ifPresent(why -> problems.add("transform %s reads %s: %s".formatted(t.id(), input.dataset(), why)));
          }
        }
      }
      for (Dataset d : datasets.values()) {
        if (!d.isExternal() && !producers.containsKey(d.id())) {
          problems.add("dataset %s is produced but no transform writes it".formatted(d.id()));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidDataflowException(problems);
      }
      List<Transform> order = new CycleCheck(datasets.keySet(), producers).topologicalOrder();
      return new DataflowGraph(baseVersion + 1, new TreeMap<>(datasets), order);
    }

    private static List<Transform> sorted(Collection<Transform> transforms) {
      return transforms.stream().sorted(java.util.Comparator.comparing(Transform::id)).toList();
    }
  }
}
