package io.dataflow.gateway.planner.cost;

import io.dataflow.gateway.planner.state.Task;
import io.dataflow.gateway.planner.model.PartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Chooses how to compute a transform's affected partitions. */
@FunctionalInterface
public interface CostModel {

  /** The strategy and task grouping for {@code query}, with the reason. Never empty. */
  ExecutionChoice choose(CostQuery query);

  /** Estimates bytes read and queries run for each strategy and takes the cheapest. */
  static CostModel standard(CostSettings settings, StatisticsSource statistics) {
    return new EstimatingCostModel(settings, statistics);
  }

  /** Always one task per partition (the most precise failure attribution). */
  static CostModel perPartition() {
    return query -> {
      List<NavigableSet<PartitionKey>> groups = new ArrayList<>();
      query.affected().forEach(k -> groups.add(new TreeSet<>(List.of(k))));
      return new ExecutionChoice(Task.Strategy.PER_PARTITION, groups, "one task per partition by configuration");
    };
  }
}
