package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.InvalidDataflowException;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.planner.model.SemanticsClass;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataflowCompilerTest {

  private final DataflowCompiler compiler = new DataflowCompiler(SemanticAnnotator.create(), new TableNames("iceberg"));

  private static TaskDefinition task(String name, String sql) {
    return TaskDefinition.of("ecommerce_daily." + name, sql, Dialect.TRINO);
  }

  private CompiledDataflow ecommerce() {
    return compiler.compile(List.of(
            task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS),
            task("weekly_customer_totals", EcommerceExample.WEEKLY_CUSTOMER_TOTALS),
            task("week_over_week", EcommerceExample.WEEK_OVER_WEEK),
            task("customer_lifetime_value", EcommerceExample.CUSTOMER_LIFETIME_VALUE)),
        EcommerceExample.SCHEMA, DataflowGraph.builder().build());
  }

  @Test
  void theExampleBecomesTheGraphOfItsTablesWithTheInferredDependencies() {
    CompiledDataflow compiled = ecommerce();
    DataflowGraph graph = compiled.graph();

    assertThat(compiled.rejected()).isEmpty();
    assertThat(graph.requireDataset(DatasetId.of("raw.transactions")))
        .isEqualTo(Dataset.external(DatasetId.of("raw.transactions"), Partitioning.by("day", Granularity.DAY)));
    assertThat(graph.requireDataset(DatasetId.of("analytics.daily_customer_totals")).partitioning())
        .isEqualTo(Partitioning.by("day", Granularity.DAY));
    assertThat(graph.requireDataset(DatasetId.of("analytics.customer_lifetime_value")).partitioning())
        .isEqualTo(Partitioning.none());

    assertThat(dependency(graph, "daily_customer_totals", "raw.transactions")).isEqualTo(PartitionDependency.identity());
    assertThat(dependency(graph, "weekly_customer_totals", "analytics.daily_customer_totals")).isEqualTo(PartitionDependency.window(-6, 0));
    assertThat(dependency(graph, "week_over_week", "analytics.weekly_customer_totals")).isEqualTo(PartitionDependency.offsets(-7, 0));
    assertThat(dependency(graph, "customer_lifetime_value", "analytics.daily_customer_totals")).isEqualTo(PartitionDependency.all());
    assertThat(transform(graph, "weekly_customer_totals").semantics().semanticsClass()).isEqualTo(SemanticsClass.PARTIAL);
    assertThat(transform(graph, "customer_lifetime_value").semantics().semanticsClass()).isEqualTo(SemanticsClass.FULL);
    assertThat(compiled.tables().get(DatasetId.of("analytics.week_over_week")).toString()).isEqualTo("analytics.week_over_week");
  }

  @Test
  void aRecompiledGraphContinuesTheVersionOfTheOneBefore() {
    CompiledDataflow first = ecommerce();
    CompiledDataflow second = compiler.compile(List.of(task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS)),
        EcommerceExample.SCHEMA, first.graph());

    assertThat(second.graph().version()).isGreaterThan(first.graph().version());
    assertThat(second.graph().topologicalOrder()).extracting(Transform::id)
        .containsExactly(TransformId.of("ecommerce_daily.daily_customer_totals"));
  }

  @Test
  void tasksTheDataflowCannotRunAreRejectedWithTheReason() {
    CompiledDataflow compiled = compiler.compile(List.of(
            task("append_only", "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, amount, 1"
                + " FROM raw.transactions WHERE day = DATE '{{ ds }}'"),
            task("unknown_output", "INSERT INTO analytics.nowhere SELECT customer_id FROM raw.transactions WHERE day = DATE '{{ ds }}'"),
            task("unparseable", "INSERT INTO analytics.daily_customer_totals SELEC 1")),
        EcommerceExample.SCHEMA, DataflowGraph.builder().build());

    assertThat(compiled.tasks()).isEmpty();
    assertThat(compiled.rejected().get(TransformId.of("ecommerce_daily.append_only")))
        .contains("appends to analytics.daily_customer_totals").contains("duplicate rows");
    assertThat(compiled.rejected().get(TransformId.of("ecommerce_daily.unknown_output")))
        .contains("schema of analytics.nowhere is unknown");
    assertThat(compiled.rejected().get(TransformId.of("ecommerce_daily.unparseable"))).isNotBlank();
  }

  @Test
  void twoTasksWritingOneTableAreRefusedNamingBoth() {
    assertThatThrownBy(() -> compiler.compile(List.of(
            task("first", EcommerceExample.DAILY_CUSTOMER_TOTALS), task("second", EcommerceExample.DAILY_CUSTOMER_TOTALS)),
        EcommerceExample.SCHEMA, DataflowGraph.builder().build()))
        .isInstanceOf(InvalidDataflowException.class)
        .hasMessageContaining("ecommerce_daily.first")
        .hasMessageContaining("ecommerce_daily.second");
  }

  private static Transform transform(DataflowGraph graph, String task) {
    return graph.transform(TransformId.of("ecommerce_daily." + task)).orElseThrow();
  }

  private static PartitionDependency dependency(DataflowGraph graph, String task, String input) {
    return transform(graph, task).input(DatasetId.of(input)).orElseThrow().dependency();
  }
}
