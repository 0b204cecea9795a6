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

  /** Rollups of the daily totals by week, month and year, and tasks that read the monthly table. */
  private static final io.dataflow.gateway.annotator.schema.SchemaProvider ROLLUPS =
      io.dataflow.gateway.annotator.schema.MapSchemaProvider.builder()
          .table("raw.transactions", "txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), day DATE", "day")
          .table("analytics.daily_customer_totals", "customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT", "day")
          .table("analytics.weekly_rollup", "customer_id BIGINT, week DATE, total DECIMAL(18,2)", "week")
          .table("analytics.monthly_customer_totals", "customer_id BIGINT, month DATE, total DECIMAL(18,2)", "month")
          .table("analytics.monthly_share", "customer_id BIGINT, month DATE, share DECIMAL(18,6)", "month")
          .table("analytics.yearly_customer_totals", "customer_id BIGINT, year DATE, total DECIMAL(18,2)", "year")
          .table("analytics.daily_share", "customer_id BIGINT, day DATE, share DECIMAL(18,6)", "day")
          .build();

  static final String MONTHLY = """
      DELETE FROM analytics.monthly_customer_totals WHERE month = date_trunc('month', DATE '{{ ds }}');
      INSERT INTO analytics.monthly_customer_totals
      SELECT customer_id, date_trunc('month', DATE '{{ ds }}') AS month, SUM(total) AS total
      FROM analytics.daily_customer_totals
      WHERE day >= date_trunc('month', DATE '{{ ds }}') AND day < date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH
      GROUP BY customer_id""";

  @Test
  void aTableWrittenByMonthIsPartitionedByMonthAndEachMonthReadsItsDays() {
    CompiledDataflow compiled = compiler.compile(List.of(
            task("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS),
            task("monthly_customer_totals", MONTHLY),
            task("monthly_share", """
                DELETE FROM analytics.monthly_share WHERE month = date_trunc('month', DATE '{{ ds }}');
                INSERT INTO analytics.monthly_share
                SELECT customer_id, date_trunc('month', DATE '{{ ds }}') AS month, total / 100
                FROM analytics.monthly_customer_totals WHERE month = date_trunc('month', DATE '{{ ds }}')"""),
            task("yearly_customer_totals", """
                DELETE FROM analytics.yearly_customer_totals WHERE year = date_trunc('year', DATE '{{ ds }}');
                INSERT INTO analytics.yearly_customer_totals
                SELECT customer_id, date_trunc('year', DATE '{{ ds }}') AS year, SUM(total) AS total
                FROM analytics.monthly_customer_totals
                WHERE month >= date_trunc('year', DATE '{{ ds }}') AND month < date_trunc('year', DATE '{{ ds }}') + INTERVAL '1' YEAR
                GROUP BY customer_id"""),
            task("daily_share", """
                DELETE FROM analytics.daily_share WHERE day = DATE '{{ ds }}';
                INSERT INTO analytics.daily_share
                SELECT d.customer_id, d.day, d.total / m.total
                FROM analytics.daily_customer_totals d JOIN analytics.monthly_customer_totals m ON m.customer_id = d.customer_id
                WHERE d.day = DATE '{{ ds }}' AND m.month = date_trunc('month', DATE '{{ ds }}')""")),
        ROLLUPS, DataflowGraph.builder().build());
    DataflowGraph graph = compiled.graph();

    assertThat(compiled.rejected()).isEmpty();
    assertThat(graph.requireDataset(DatasetId.of("analytics.monthly_customer_totals")).partitioning())
        .isEqualTo(Partitioning.by("month", Granularity.MONTH));
    assertThat(graph.requireDataset(DatasetId.of("analytics.yearly_customer_totals")).partitioning())
        .isEqualTo(Partitioning.by("year", Granularity.YEAR));
    assertThat(dependency(graph, "monthly_customer_totals", "analytics.daily_customer_totals"))
        .isEqualTo(PartitionDependency.coarsening(Granularity.DAY, Granularity.MONTH));
    assertThat(dependency(graph, "monthly_share", "analytics.monthly_customer_totals")).isEqualTo(PartitionDependency.identity());
    assertThat(dependency(graph, "yearly_customer_totals", "analytics.monthly_customer_totals"))
        .isEqualTo(PartitionDependency.coarsening(Granularity.MONTH, Granularity.YEAR));
    // the annotator finds no dependency of a day on its month: the day reads every month
    assertThat(dependency(graph, "daily_share", "analytics.monthly_customer_totals")).isEqualTo(PartitionDependency.all());
  }

  @Test
  void aTableWrittenByWeekIsPartitionedByIsoWeekWhetherTheWeekComesFromTheLogicalDateOrTheDays() {
    for (String week : List.of("date_trunc('week', DATE '{{ ds }}') AS week", "date_trunc('week', day) AS week")) {
      String sql = """
          DELETE FROM analytics.weekly_rollup WHERE week = date_trunc('week', DATE '{{ ds }}');
          INSERT INTO analytics.weekly_rollup
          SELECT customer_id, %s, SUM(total) AS total
          FROM analytics.daily_customer_totals
          WHERE date_trunc('week', day) = date_trunc('week', DATE '{{ ds }}')
          GROUP BY customer_id, date_trunc('week', day)""".formatted(week);
      CompiledDataflow compiled = compiler.compile(List.of(task("weekly_rollup", sql)), ROLLUPS, DataflowGraph.builder().build());

      assertThat(compiled.rejected()).as(week).isEmpty();
      assertThat(compiled.graph().requireDataset(DatasetId.of("analytics.weekly_rollup")).partitioning())
          .as(week).isEqualTo(Partitioning.by("week", Granularity.WEEK));
      assertThat(dependency(compiled.graph(), "weekly_rollup", "analytics.daily_customer_totals"))
          .as(week).isEqualTo(PartitionDependency.coarsening(Granularity.DAY, Granularity.WEEK));
    }
  }

  private static Transform transform(DataflowGraph graph, String task) {
    return graph.transform(TransformId.of("ecommerce_daily." + task)).orElseThrow();
  }

  private static PartitionDependency dependency(DataflowGraph graph, String task, String input) {
    return transform(graph, task).input(DatasetId.of(input)).orElseThrow().dependency();
  }
}
