package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A DAG's tasks are annotated one by one; one that cannot be read does not stop the others. */
class DagAnnotationTest {

  @Test
  void theExampleDagIsAnnotatedTaskByTask() {
    DagAnnotation dag = SemanticAnnotator.create().annotateDag("ecommerce_daily", List.of(
        TaskSql.of("daily_customer_totals", EcommerceExample.DAILY_CUSTOMER_TOTALS, Dialect.TRINO),
        TaskSql.of("weekly_customer_totals", EcommerceExample.WEEKLY_CUSTOMER_TOTALS, Dialect.TRINO),
        TaskSql.of("broken", "INSERT INTO t SELECT FROM WHERE", Dialect.TRINO),
        TaskSql.withoutSql("notify_finance", "PythonOperator runs no SQL")),
        EcommerceExample.SCHEMA, ChronoUnit.DAYS);

    assertThat(dag.tasks()).extracting(DagAnnotation.TaskResult::taskId).containsExactly(
        "daily_customer_totals", "weekly_customer_totals", "broken", "notify_finance");
    assertThat(dag.task("daily_customer_totals").orElseThrow().semantics()).isEqualTo(SemanticsClass.MAP);
    assertThat(dag.task("weekly_customer_totals").orElseThrow().semantics()).isEqualTo(SemanticsClass.PARTIAL);
    assertThat(dag.task("broken").orElseThrow().failure()).hasValueSatisfying(
        f -> assertThat(f).startsWith("UNPARSEABLE_SQL: SQL does not parse").contains("line 1"));
    assertThat(dag.task("notify_finance").orElseThrow().failure()).contains("PythonOperator runs no SQL");
    assertThat(dag.task("notify_finance").orElseThrow().semantics()).isEqualTo(SemanticsClass.OPAQUE);
  }

  @Test
  void aTaskIdAppearsOnce() {
    assertThatThrownBy(() -> SemanticAnnotator.create().annotateDag("d", List.of(
        TaskSql.withoutSql("a", "no SQL"), TaskSql.withoutSql("a", "no SQL")),
        EcommerceExample.SCHEMA, ChronoUnit.DAYS))
        .hasMessage("Task 'a' appears twice in DAG d");
  }
}
