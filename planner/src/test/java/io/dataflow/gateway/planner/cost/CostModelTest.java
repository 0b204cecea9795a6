package io.dataflow.gateway.planner.cost;

import static io.dataflow.gateway.planner.fixture.Ecommerce.DAILY;
import static io.dataflow.gateway.planner.fixture.Ecommerce.TRANSACTIONS;
import static io.dataflow.gateway.planner.fixture.Ecommerce.WEEKLY;
import static io.dataflow.gateway.planner.fixture.GraphFixture.from;
import static io.dataflow.gateway.planner.fixture.Simulation.days;
import static io.dataflow.gateway.planner.fixture.Simulation.each;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.fixture.GraphFixture;
import io.dataflow.gateway.planner.fixture.Simulation;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.state.Task;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CostModelTest {

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final DataflowGraph ECOMMERCE = GraphFixture.ecommerce();

  private static ExecutionChoice choose(CostModel model, String dataset, Collection<PartitionKey> affected,
      Collection<PartitionKey> existing, boolean fullAllowed) {
    return model.choose(new CostQuery(ECOMMERCE.transform(TransformId.of(dataset)).orElseThrow(),
        ECOMMERCE.requireDataset(DatasetId.of(dataset)), new TreeSet<>(affected), new TreeSet<>(existing), fullAllowed));
  }

  private static CostModel withStatistics(String dataset, TableStatistics statistics) {
    return CostModel.standard(CostSettings.defaults(), StatisticsSource.of(Map.of(DatasetId.of(dataset), statistics)));
  }

  @Test
  void withoutStatisticsEachPartitionGetsItsOwnTaskAndTheReasonSaysWhy() {
    ExecutionChoice choice = choose(CostModel.standard(CostSettings.defaults(), StatisticsSource.none()),
        WEEKLY, days("2024-01-10", "2024-01-16"), days("2024-01-01", "2024-12-31"), true);

    assertThat(choice.strategy()).isEqualTo(Task.Strategy.PER_PARTITION);
    assertThat(choice.groups()).hasSize(7);
    assertThat(choice.reason()).contains("no statistics for analytics.daily_customer_totals");
  }

  @Test
  void aSinglePartitionIsOneTask() {
    ExecutionChoice choice = choose(withStatistics(DAILY, new TableStatistics(365, 365 * GIB, 1_000_000)),
        WEEKLY, each("2024-01-10"), days("2024-01-01", "2024-12-31"), true);

    assertThat(choice.strategy()).isEqualTo(Task.Strategy.PER_PARTITION);
    assertThat(choice.reason()).isEqualTo("a single partition to compute");
  }

  @Test
  void aRestatedWeekOfRollingWindowsRunsAsOneBatchedRangeReadingThirteenDaysInsteadOfFortyNine() {
    ExecutionChoice choice = choose(withStatistics(DAILY, new TableStatistics(365, 365 * GIB, 1_000_000)),
        WEEKLY, days("2024-01-10", "2024-01-16"), days("2024-01-01", "2024-12-31"), true);

    assertThat(choice.strategy()).isEqualTo(Task.Strategy.BATCHED_RANGE);
    assertThat(choice.groups()).containsExactly(new TreeSet<>(days("2024-01-10", "2024-01-16")));
    assertThat(choice.reason())
        .startsWith("batched range queries for 7 partitions: 1 query reading 13 input partitions (13.0 GiB)")
        .contains("one task per partition would be 7 queries reading 49 input partitions (49.0 GiB)")
        .contains("a full recompute would be 1 query reading 372 input partitions");
  }

  @Test
  void batchesFollowContiguousRanges() {
    ExecutionChoice choice = choose(withStatistics(DAILY, new TableStatistics(365, 365 * GIB, 1_000_000)),
        WEEKLY, each("2024-01-01", "2024-01-02", "2024-01-03", "2024-03-01", "2024-03-02"), days("2024-01-01", "2024-12-31"), true);

    assertThat(choice.strategy()).isEqualTo(Task.Strategy.BATCHED_RANGE);
    assertThat(choice.groups()).containsExactly(
        new TreeSet<>(days("2024-01-01", "2024-01-03")), new TreeSet<>(days("2024-03-01", "2024-03-02")));
  }

  @Test
  void batchesAreSplitAtTheConfiguredPartitionLimit() {
    CostModel model = CostModel.standard(new CostSettings(64 * MIB, 1024 * GIB, 3),
        StatisticsSource.of(Map.of(DatasetId.of(DAILY), new TableStatistics(365, 365 * GIB, 1_000_000))));

    ExecutionChoice choice = choose(model, WEEKLY, days("2024-01-10", "2024-01-16"), days("2024-01-01", "2024-12-31"), true);

    assertThat(choice.groups()).extracting(g -> g.size()).containsExactly(3, 3, 1);
  }

  @Test
  void aBatchOfMonthsStopsAtAYearOfDaysAndAFullRecomputeBeyondItIsNotOffered() {
    DataflowGraph monthly = GraphFixture.graph()
        .external(DAILY)
        .transform("analytics.monthly_totals", io.dataflow.gateway.planner.model.SemanticsClass.PARTIAL, GraphFixture.byMonth(),
            from(DAILY, PartitionDependency.coarsening(io.dataflow.gateway.planner.model.Granularity.DAY,
                io.dataflow.gateway.planner.model.Granularity.MONTH)))
        .build();
    List<PartitionKey> months = new java.util.ArrayList<>();
    for (PartitionKey m = PartitionKey.month("2023-01"); months.size() < 30; m = m.plus(1)) {
      months.add(m);
    }
    CostModel model = CostModel.standard(new CostSettings(64 * MIB, 1024 * GIB, 31),
        StatisticsSource.of(Map.of(DatasetId.of(DAILY), new TableStatistics(900, 900 * MIB, 1_000_000))));

    ExecutionChoice choice = model.choose(new CostQuery(monthly.transform(TransformId.of("analytics.monthly_totals")).orElseThrow(),
        monthly.requireDataset(DatasetId.of("analytics.monthly_totals")), new TreeSet<>(months), new TreeSet<>(months), true));

    // 2023 has 365 days and 2024 366: twelve months each, then the six of 2025
    assertThat(choice.strategy()).isEqualTo(Task.Strategy.BATCHED_RANGE);
    assertThat(choice.groups()).extracting(g -> g.first().value() + ".." + g.last().value())
        .containsExactly("2023-01..2023-12", "2024-01..2024-12", "2025-01..2025-06");
    assertThat(choice.reason()).contains("no full recompute: the partitions span 912 days, more than the 366 one query may");
  }

  @Test
  void manyScatteredPartitionsOfASmallTableAreRecomputedInFull() {
    ExecutionChoice choice = choose(withStatistics(TRANSACTIONS, new TableStatistics(10, 10 * MIB, 10_000)),
        DAILY, each("2024-01-01", "2024-01-03", "2024-01-05", "2024-01-07", "2024-01-09"), days("2024-01-01", "2024-01-10"), true);

    assertThat(choice.strategy()).isEqualTo(Task.Strategy.FULL_RECOMPUTE);
    assertThat(choice.groups()).containsExactly(new TreeSet<>(days("2024-01-01", "2024-01-10")));
    assertThat(choice.reason()).startsWith("a full recompute for 5 partitions: 1 query reading 10 input partitions (10.0 MiB)");
  }

  @Test
  void noFullRecomputeWhenSomeExistingPartitionCannotBeRewrittenNow() {
    ExecutionChoice choice = choose(withStatistics(TRANSACTIONS, new TableStatistics(10, 10 * MIB, 10_000)),
        DAILY, each("2024-01-01", "2024-01-03", "2024-01-05", "2024-01-07", "2024-01-09"), days("2024-01-01", "2024-01-10"), false);

    assertThat(choice.strategy()).isNotEqualTo(Task.Strategy.FULL_RECOMPUTE);
    assertThat(choice.reason()).contains("no full recompute: some existing partitions cannot be rewritten now");
  }

  @Test
  void thePlannerRunsTheChosenBatchAndEachPartitionStillOnce() {
    DataflowGraph graph = GraphFixture.graph()
        .external(TRANSACTIONS)
        .map(DAILY, from(TRANSACTIONS, PartitionDependency.identity()))
        .partial(WEEKLY, from(DAILY, PartitionDependency.window(-6, 0)))
        .build();
    Simulation sim = Simulation.of(graph, withStatistics(DAILY, new TableStatistics(30, 30 * GIB, 30_000)));
    sim.write(TRANSACTIONS, days("2024-01-01", "2024-01-30"));
    sim.runUntilIdle();
    sim.resetCounts();

    sim.write(TRANSACTIONS, each("2024-01-10"));
    sim.runUntilIdle();

    List<Task> weekly = sim.tasksRun().stream().filter(t -> t.output().equals(DatasetId.of(WEEKLY))).toList();
    assertThat(weekly).singleElement().satisfies(task -> {
      assertThat(task.strategy()).isEqualTo(Task.Strategy.BATCHED_RANGE);
      assertThat(task.partitions()).containsExactlyElementsOf(days("2024-01-10", "2024-01-16"));
    });
    assertThat(sim.computed().values()).containsOnly(1);
  }
}
