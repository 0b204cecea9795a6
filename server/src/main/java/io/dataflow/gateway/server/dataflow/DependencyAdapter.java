package io.dataflow.gateway.server.dataflow;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.Partitioning;
import java.util.Optional;

/**
 * The annotator's partition dependency as the planner's, between the input and the output as the
 * planner partitions them. The planner keeps its own type so that it depends on nothing else; both
 * describe the same functions and their inverses.
 *
 * <p>The annotator reads every {@code DATE} partition column as days; the planner knows that a
 * table whose column holds the starts of weeks, months or years (one a task writes by {@code
 * date_trunc('month', …)}) is partitioned by that unit. So a coarsening to months of such a month
 * table is the identity of its months, and a coarsening to years of it reads the year's months. A
 * dependency that does not fit the two partitionings this way widens to "all", which costs reruns
 * but never misses one.
 */
final class DependencyAdapter {

  private DependencyAdapter() {}

  static io.dataflow.gateway.planner.model.PartitionDependency toPlanner(
      PartitionDependency dependency, Partitioning input, Partitioning output) {
    Optional<Granularity> in = input.granularity();
    Optional<Granularity> out = output.granularity();
    return switch (dependency) {
      case PartitionDependency.Identity i -> in.isPresent() && in.equals(out)
          ? io.dataflow.gateway.planner.model.PartitionDependency.identity()
          : all();
      case PartitionDependency.Window w -> sameAs(in, out, w.unit())
          ? io.dataflow.gateway.planner.model.PartitionDependency.window(w.from(), w.to())
          : all();
      case PartitionDependency.Offsets o -> sameAs(in, out, o.unit())
          ? io.dataflow.gateway.planner.model.PartitionDependency.offsets(o.offsets().stream().mapToLong(Long::longValue).toArray())
          : all();
      case PartitionDependency.Coarsening c -> coarsening(c, in, out);
      case PartitionDependency.All a -> all();
    };
  }

  private static io.dataflow.gateway.planner.model.PartitionDependency coarsening(
      PartitionDependency.Coarsening c, Optional<Granularity> in, Optional<Granularity> out) {
    Granularity to = granularity(c.unit());
    if (in.isEmpty() || !out.equals(Optional.of(to))) {
      return all();
    }
    Granularity from = in.get();
    Granularity read = granularity(c.inputUnit());
    // the input's column holds dates, which the annotator reads as days: the starts of the input's periods
    boolean periodStarts = read == Granularity.DAY && from.isCoarserThan(Granularity.DAY);
    if (from != read && !periodStarts) {
      return all();
    }
    if (from == to) {
      return io.dataflow.gateway.planner.model.PartitionDependency.identity();
    }
    return to.isCoarserThan(from)
        ? io.dataflow.gateway.planner.model.PartitionDependency.coarsening(from, to)
        : all();
  }

  private static boolean sameAs(Optional<Granularity> in, Optional<Granularity> out, PartitionUnit unit) {
    return in.equals(Optional.of(granularity(unit))) && out.equals(in);
  }

  private static io.dataflow.gateway.planner.model.PartitionDependency all() {
    return io.dataflow.gateway.planner.model.PartitionDependency.all();
  }

  static Granularity granularity(PartitionUnit unit) {
    return switch (unit) {
      case HOUR -> Granularity.HOUR;
      case DAY -> Granularity.DAY;
      case WEEK -> Granularity.WEEK;
      case MONTH -> Granularity.MONTH;
      case YEAR -> Granularity.YEAR;
    };
  }
}
