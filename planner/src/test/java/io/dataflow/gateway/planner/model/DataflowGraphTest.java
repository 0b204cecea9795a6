package io.dataflow.gateway.planner.model;

import static io.dataflow.gateway.planner.fixture.GraphFixture.byMonth;
import static io.dataflow.gateway.planner.fixture.GraphFixture.from;
import static io.dataflow.gateway.planner.fixture.GraphFixture.graph;
import static io.dataflow.gateway.planner.model.PartitionDependency.all;
import static io.dataflow.gateway.planner.model.PartitionDependency.coarsening;
import static io.dataflow.gateway.planner.model.PartitionDependency.identity;
import static io.dataflow.gateway.planner.model.PartitionDependency.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.fixture.Ecommerce;
import io.dataflow.gateway.planner.fixture.GraphFixture;
import org.junit.jupiter.api.Test;

class DataflowGraphTest {

  @Test
  void aCycleIsRejectedWithAnErrorNamingIt() {
    assertThatThrownBy(() -> graph()
        .external("raw")
        .map("a", from("raw", identity()), from("c", identity()))
        .map("b", from("a", identity()))
        .map("c", from("b", identity()))
        .build())
        .isInstanceOf(InvalidDataflowException.class)
        .hasMessage("Invalid dataflow: cycle in the dataflow: a -> b -> c -> a");
  }

  @Test
  void aTwoDatasetCycleIsNamedToo() {
    assertThatThrownBy(() -> graph().map("x", from("y", identity())).map("y", from("x", identity())).build())
        .hasMessage("Invalid dataflow: cycle in the dataflow: x -> y -> x");
  }

  @Test
  void unknownDatasetsAreRejectedAllAtOnce() {
    assertThatThrownBy(() -> graph().external("raw").transformOnly("t", "nowhere", from("missing", identity())).build())
        .isInstanceOfSatisfying(InvalidDataflowException.class, e -> assertThat(e.problems()).containsExactly(
            "transform t writes unknown dataset nowhere",
            "transform t reads unknown dataset missing"));
  }

  @Test
  void twoProducersOfOneDatasetAreRejected() {
    assertThatThrownBy(() -> graph().external("raw").map("daily", from("raw", identity()))
        .transformOnly("daily_again", "daily", from("raw", identity())).build())
        .hasMessageContaining("dataset daily has two producers: daily and daily_again");
  }

  @Test
  void writingAnExternalInputIsRejected() {
    assertThatThrownBy(() -> graph().external("raw").external("other").transformOnly("t", "other", from("raw", identity())).build())
        .hasMessageContaining("transform t writes other, which is an external input");
  }

  @Test
  void aDependencyThatDoesNotFitThePartitioningsIsRejected() {
    assertThatThrownBy(() -> graph().external("raw")
        .transform("monthly", SemanticsClass.PARTIAL, byMonth(), from("raw", window(-1, 0))).build())
        .hasMessageContaining("transform monthly reads raw: a window needs both sides partitioned by the same time granularity, not day(day) and month(month)");
  }

  @Test
  void aCoarseningFromDaysToMonthsFitsDayAndMonthTables() {
    DataflowGraph g = graph().external("raw")
        .transform("monthly", SemanticsClass.PARTIAL, byMonth(), from("raw", coarsening(Granularity.DAY, Granularity.MONTH)))
        .build();

    assertThat(g.producerOf(DatasetId.of("monthly"))).isPresent();
  }

  @Test
  void transformsAreOrderedUpstreamFirst() {
    DataflowGraph g = GraphFixture.ecommerce();

    assertThat(g.topologicalOrder()).extracting(t -> t.id().name()).containsExactly(
        Ecommerce.DAILY, Ecommerce.LIFETIME, Ecommerce.WEEKLY, Ecommerce.WEEK_OVER_WEEK);
    assertThat(g.depthOf(DatasetId.of(Ecommerce.WEEK_OVER_WEEK))).isEqualTo(3);
    assertThat(g.consumersOf(DatasetId.of(Ecommerce.DAILY))).extracting(t -> t.id().name())
        .containsExactly(Ecommerce.LIFETIME, Ecommerce.WEEKLY);
    assertThat(g.producerOf(DatasetId.of(Ecommerce.TRANSACTIONS))).isEmpty();
  }

  @Test
  void aChangeProducesANewVersionAndLeavesTheOldGraphAlone() {
    DataflowGraph v1 = GraphFixture.ecommerce();
    DataflowGraph v2 = GraphFixture.change(v1).fingerprint(Ecommerce.WEEKLY, "new sql").build();

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v1.transform(TransformId.of(Ecommerce.WEEKLY)).orElseThrow().fingerprint()).isEqualTo("sql:" + Ecommerce.WEEKLY);
    assertThat(v2.transform(TransformId.of(Ecommerce.WEEKLY)).orElseThrow().fingerprint()).isEqualTo("new sql");
  }

  @Test
  void aTransformReadingTheSameDatasetTwiceIsRejected() {
    assertThatThrownBy(() -> graph().external("raw").map("t", from("raw", identity()), from("raw", all())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Transform t reads raw twice: merge both reads into one dependency");
  }

  @Test
  void aSemanticsClassNeedsAReason() {
    assertThatThrownBy(() -> Semantics.of(SemanticsClass.OPAQUE, " "))
        .hasMessage("A semantics class needs a reason; it is blank for OPAQUE");
  }
}
