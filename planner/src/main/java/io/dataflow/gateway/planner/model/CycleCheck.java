package io.dataflow.gateway.planner.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Orders transforms topologically by a depth-first walk over datasets, and names the first cycle it
 * meets: {@code a -> b -> c -> a}, where each arrow is "is read to produce".
 */
final class CycleCheck {

  private enum Mark { VISITING, DONE }

  private final Collection<DatasetId> datasets;
  private final Map<DatasetId, Transform> producers;
  private final Map<DatasetId, Mark> marks = new HashMap<>();
  private final List<DatasetId> path = new ArrayList<>();
  private final List<Transform> order = new ArrayList<>();

  CycleCheck(Collection<DatasetId> datasets, Map<DatasetId, Transform> producers) {
    this.datasets = new TreeSet<>(datasets);
    this.producers = producers;
  }

  /** Every transform after the producers of its inputs. @throws InvalidDataflowException on a cycle */
  List<Transform> topologicalOrder() {
    for (DatasetId d : datasets) {
      visit(d);
    }
    return List.copyOf(order);
  }

  private void visit(DatasetId dataset) {
    Mark mark = marks.get(dataset);
    if (mark == Mark.DONE) {
      return;
    }
    if (mark == Mark.VISITING) {
      List<DatasetId> cycle = new ArrayList<>(path.subList(path.indexOf(dataset), path.size()));
      cycle.add(dataset);
      // The walk goes from outputs to inputs; people read a cycle in the direction data flows.
      java.util.Collections.reverse(cycle);
      throw new InvalidDataflowException(List.of("cycle in the dataflow: "
          + String.join(" -> ", cycle.stream().map(DatasetId::name).toList())));
    }
    marks.put(dataset, Mark.VISITING);
    path.add(dataset);
    Transform producer = producers.get(dataset);
    if (producer != null) {
      producer.inputs().stream().map(Input::dataset).sorted().forEach(this::visit);
      order.add(producer);
    }
    path.removeLast();
    marks.put(dataset, Mark.DONE);
  }
}
