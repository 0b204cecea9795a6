package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.ColumnLineage;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.server.api.LineageJson.ColumnRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lineage from the dataflow graph (tables) and the annotator's column lineage (columns). Column
 * lineage names tables as the tasks' SQL does; they are mapped to dataset ids through the names the
 * dataflow knows for its datasets.
 */
final class LineageQueries {

  /** The farthest a walk goes; deeper graphs are answered in steps. */
  static final int MAX_DEPTH = 100;

  private static final String PRODUCED = Dataset.Origin.PRODUCED.name().toLowerCase(Locale.ROOT);

  /** Which way a walk goes. */
  enum Direction {
    UPSTREAM,
    DOWNSTREAM;

    static Direction parse(String text) {
      if (text == null || text.isBlank()) {
        return UPSTREAM;
      }
      for (Direction d : values()) {
        if (d.name().equalsIgnoreCase(text.strip())) {
          return d;
        }
      }
      throw ApiException.invalid("direction", "direction must be upstream or downstream, not '" + text + "'");
    }
  }

  private final DataflowView dataflow;

  LineageQueries(DataflowView dataflow) {
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
  }

  LineageJson.Lineage lineage(Dataset root, Direction direction, int depth, boolean columns) {
    DataflowGraph graph = dataflow.graph();
    Map<DatasetId, Integer> distance = new LinkedHashMap<>();
    distance.put(root.id(), 0);
    List<LineageJson.Edge> edges = new ArrayList<>();
    // transforms are told apart by id: hashing a whole transform (its inputs, dependencies and
    // semantics) for every edge of a walk over a large graph cost more than the walk itself
    Set<TransformId> seen = new HashSet<>();
    List<Transform> crossed = new ArrayList<>();
    Deque<DatasetId> queue = new ArrayDeque<>(List.of(root.id()));
    while (!queue.isEmpty()) {
      DatasetId current = queue.poll();
      int d = distance.get(current);
      if (d >= depth) {
        continue;
      }
      for (Transform t : direction == Direction.UPSTREAM ? graph.producerOf(current).stream().toList() : graph.consumersOf(current)) {
        if (!seen.add(t.id())) {
          continue;
        }
        crossed.add(t);
        List<DatasetId> next = direction == Direction.UPSTREAM ? t.inputs().stream().map(Input::dataset).toList() : List.of(t.output());
        for (Input input : direction == Direction.UPSTREAM ? t.inputs() : List.of(t.input(current).orElseThrow())) {
          edges.add(new LineageJson.Edge(input.dataset().name(), t.output().name(), t.id().name(),
              input.dependency().describe(), t.semantics().semanticsClass().name()));
        }
        for (DatasetId n : next) {
          if (distance.putIfAbsent(n, d + 1) == null) {
            queue.add(n);
          }
        }
      }
    }
    List<LineageJson.Node> nodes = distance.entrySet().stream()
        .map(e -> new LineageJson.Node(e.getKey().name(), origin(graph, e.getKey()), e.getValue()))
        .toList();
    Optional<LineageJson.Columns> columnLineage = columns ? Optional.of(columns(graph, root, direction, crossed)) : Optional.empty();
    return new LineageJson.Lineage(root.id().name(), direction.name().toLowerCase(Locale.ROOT), depth, nodes, edges, columnLineage);
  }

  /**
   * The origin of every node of a walk: a hash lookup of its producer first (a graph validates that
   * exactly the produced datasets have one), the graph's sorted map of datasets only for the others.
   */
  private static String origin(DataflowGraph graph, DatasetId id) {
    if (graph.producerOf(id).isPresent()) {
      return PRODUCED;
    }
    return graph.dataset(id).map(d -> d.origin().name().toLowerCase(Locale.ROOT)).orElse("unknown");
  }

  private LineageJson.Columns columns(DataflowGraph graph, Dataset root, Direction direction, List<Transform> crossed) {
    Map<TableName, DatasetId> datasets = new HashMap<>();
    graph.datasets().forEach(d -> dataflow.legacyName(d.id()).ifPresent(name -> datasets.put(name, d.id())));
    List<LineageJson.Derivation> derivations = new ArrayList<>();
    for (Transform t : crossed) {
      dataflow.annotation(t.id()).ifPresent(annotation -> {
        for (ColumnLineage column : annotation.lineage()) {
          List<ColumnRef> sources = column.sources().stream()
              .map(s -> new ColumnRef(dataset(datasets, s.table()), s.column()))
              .sorted()
              .toList();
          derivations.add(new LineageJson.Derivation(t.output().name(), column.column().toLowerCase(Locale.ROOT),
              t.id().name(), column.kind().name(), sources));
        }
      });
    }
    return new LineageJson.Columns(derivations, reach(root.id().name(), direction, derivations));
  }

  /** The dataset a table name of the SQL stands for, or the name itself for a table outside the dataflow. */
  private static String dataset(Map<TableName, DatasetId> datasets, TableName table) {
    DatasetId id = datasets.get(table);
    if (id == null && table.parts().size() == 3) {
      // catalog.schema.table: the dataflow knows the table by schema.table
      id = datasets.get(new TableName(table.parts().subList(1, 3)));
    }
    return id != null ? id.name() : table.toString();
  }

  private static List<LineageJson.Reach> reach(String root, Direction direction, List<LineageJson.Derivation> derivations) {
    Map<ColumnRef, List<ColumnRef>> sourcesOf = new HashMap<>();
    Map<ColumnRef, List<ColumnRef>> derivedFrom = new HashMap<>();
    for (LineageJson.Derivation d : derivations) {
      ColumnRef out = new ColumnRef(d.dataset(), d.column());
      sourcesOf.computeIfAbsent(out, k -> new ArrayList<>()).addAll(d.sources());
      d.sources().forEach(s -> derivedFrom.computeIfAbsent(s, k -> new ArrayList<>()).add(out));
    }
    Map<ColumnRef, List<ColumnRef>> step = direction == Direction.UPSTREAM ? sourcesOf : derivedFrom;
    Set<ColumnRef> starts = new TreeSet<>();
    step.keySet().stream().filter(c -> c.dataset().equals(root)).forEach(starts::add);
    List<LineageJson.Reach> reach = new ArrayList<>();
    for (ColumnRef start : starts) {
      Set<ColumnRef> seen = new LinkedHashSet<>();
      Set<ColumnRef> reached = new TreeSet<>();
      Deque<ColumnRef> queue = new ArrayDeque<>(step.get(start));
      while (!queue.isEmpty()) {
        ColumnRef c = queue.poll();
        if (!seen.add(c)) {
          continue;
        }
        List<ColumnRef> further = step.getOrDefault(c, List.of());
        // upstream answers the origins (columns nothing crossed derives); downstream every dependent
        if (direction == Direction.DOWNSTREAM || further.isEmpty()) {
          reached.add(c);
        }
        queue.addAll(further);
      }
      reach.add(new LineageJson.Reach(start.column(), List.copyOf(reached)));
    }
    return reach;
  }
}
