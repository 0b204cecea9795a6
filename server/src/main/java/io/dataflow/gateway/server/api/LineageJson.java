package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The wire form of lineage. */
public final class LineageJson {

  private LineageJson() {}

  /**
   * The lineage of one dataset.
   *
   * @param dataset the dataset asked about
   * @param direction {@code upstream} (what it is computed from) or {@code downstream} (what is
   *     computed from it)
   * @param depth how many transforms away the walk went at most
   * @param datasets every dataset reached, with its distance (the dataset itself at 0)
   * @param edges every transform crossed, as an edge from the dataset read to the dataset written
   * @param columns column-level lineage, when asked for with {@code columns=true}
   */
  public record Lineage(
      String dataset, String direction, int depth, List<Node> datasets, List<Edge> edges, Optional<Columns> columns) {
    public Lineage {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(direction, "direction is null");
      datasets = List.copyOf(datasets);
      edges = List.copyOf(edges);
      requireNonNull(columns, "columns is null");
    }
  }

  /** A dataset reached: its id, origin ({@code external} or {@code produced}) and distance. */
  public record Node(String dataset, String origin, int distance) {
    public Node {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(origin, "origin is null");
    }
  }

  /**
   * A transform between two datasets.
   *
   * @param from the dataset read
   * @param to the dataset written
   * @param transform the transform
   * @param dependency which partitions of {@code from} a partition of {@code to} reads
   * @param semanticsClass the transform's semantics class
   */
  public record Edge(String from, String to, String transform, String dependency, String semanticsClass) {
    public Edge {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      requireNonNull(transform, "transform is null");
      requireNonNull(dependency, "dependency is null");
      requireNonNull(semanticsClass, "semanticsClass is null");
    }
  }

  /**
   * Column lineage over the transforms crossed.
   *
   * @param derivations how each output column of each transform crossed is derived
   * @param reach per column of the dataset asked about: upstream, the columns it is ultimately
   *     derived from (those no crossed transform derives); downstream, every column derived from it
   */
  public record Columns(List<Derivation> derivations, List<Reach> reach) {
    public Columns {
      derivations = List.copyOf(derivations);
      reach = List.copyOf(reach);
    }
  }

  /**
   * One output column of a transform.
   *
   * @param dataset the dataset written
   * @param column the column
   * @param transform the transform
   * @param kind {@code CONSTANT}, {@code COPIED}, {@code TRANSFORMED}, {@code AGGREGATED} or {@code UNKNOWN}
   * @param sources the columns it is derived from
   */
  public record Derivation(String dataset, String column, String transform, String kind, List<ColumnRef> sources) {
    public Derivation {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(column, "column is null");
      requireNonNull(transform, "transform is null");
      requireNonNull(kind, "kind is null");
      sources = List.copyOf(sources);
    }
  }

  /** A column of the dataset asked about and the columns it reaches. */
  public record Reach(String column, List<ColumnRef> columns) {
    public Reach {
      requireNonNull(column, "column is null");
      columns = List.copyOf(columns);
    }
  }

  /** A column of a dataset. */
  public record ColumnRef(String dataset, String column) implements Comparable<ColumnRef> {
    public ColumnRef {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(column, "column is null");
    }

    @Override
    public int compareTo(ColumnRef other) {
      int byDataset = dataset.compareTo(other.dataset);
      return byDataset != 0 ? byDataset : column.compareTo(other.column);
    }
  }
}
