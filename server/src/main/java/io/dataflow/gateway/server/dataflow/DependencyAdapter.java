package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.planner.model.Granularity;
import java.util.Optional;

/**
 * The annotator's partition dependency as the planner's. The planner keeps its own type so that it
 * depends on nothing else; both describe the same functions and their inverses. A dependency the
 * planner cannot express (weeks are not a partitioning it knows) widens to "all", which costs reruns
 * but never misses one.
 */
final class DependencyAdapter {

  private DependencyAdapter() {}

  static io.dataflow.gateway.planner.model.PartitionDependency toPlanner(PartitionDependency dependency) {
    return switch (dependency) {
      case PartitionDependency.Identity i -> io.dataflow.gateway.planner.model.PartitionDependency.identity();
      case PartitionDependency.Window w -> io.dataflow.gateway.planner.model.PartitionDependency.window(w.from(), w.to());
      case PartitionDependency.Offsets o ->
          io.dataflow.gateway.planner.model.PartitionDependency.offsets(o.offsets().stream().mapToLong(Long::longValue).toArray());
      case PartitionDependency.Coarsening c -> {
        Optional<Granularity> from = granularity(c.inputUnit());
        Optional<Granularity> to = granularity(c.unit());
        yield from.isPresent() && to.isPresent()
            ? io.dataflow.gateway.planner.model.PartitionDependency.coarsening(from.get(), to.get())
            : io.dataflow.gateway.planner.model.PartitionDependency.all();
      }
      case PartitionDependency.All a -> io.dataflow.gateway.planner.model.PartitionDependency.all();
    };
  }

  static Optional<Granularity> granularity(PartitionUnit unit) {
    return switch (unit) {
      case HOUR -> Optional.of(Granularity.HOUR);
      case DAY -> Optional.of(Granularity.DAY);
      case MONTH -> Optional.of(Granularity.MONTH);
      case YEAR -> Optional.of(Granularity.YEAR);
      case WEEK -> Optional.empty();
    };
  }
}
