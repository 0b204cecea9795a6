package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.schema.MapSchemaProvider;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import org.junit.jupiter.api.Test;

/** The annotator keeps annotations, and gives the same ones as a fresh analysis would. */
class CachingAnnotatorTest {

  @Test
  void everyCorpusTaskAnnotatedAgainEqualsAFreshAnalysis() {
    SemanticAnnotator cached = SemanticAnnotator.create();
    SemanticAnnotator fresh = SemanticAnnotator.uncached();
    for (int round = 0; round < 2; round++) {
      for (CorpusCase task : Corpus.cases()) {
        assertThat(cached.annotate(task.sql(), task.dialect(), task.schema()))
            .as(task.sql())
            .isEqualTo(fresh.annotate(task.sql(), task.dialect(), task.schema()));
      }
    }
  }

  @Test
  void aChangedTableIsAnalyzedAgain() {
    SemanticAnnotator annotator = SemanticAnnotator.create();
    String sql = "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount),"
        + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day";
    SchemaProvider byDay = EcommerceExample.SCHEMA;
    SchemaProvider unpartitioned = MapSchemaProvider.builder()
        .table("raw.transactions", "customer_id BIGINT, amount DECIMAL(12,2), day DATE")
        .table("analytics.daily_customer_totals",
            "customer_id BIGINT, day DATE, total DECIMAL(18,2), txn_count BIGINT", "day")
        .build();
    TaskAnnotation first = annotator.annotate(sql, Dialect.TRINO, byDay);
    assertThat(first.input(TableName.of("raw.transactions")).orElseThrow().dependency())
        .isInstanceOf(PartitionDependency.Identity.class);
    TaskAnnotation changed = annotator.annotate(sql, Dialect.TRINO, unpartitioned);
    assertThat(changed.input(TableName.of("raw.transactions")).orElseThrow().partitionColumns())
        .isEmpty();
    assertThat(changed).isEqualTo(SemanticAnnotator.uncached().annotate(sql, Dialect.TRINO, unpartitioned));
    TaskAnnotation unknown = annotator.annotate(sql, Dialect.TRINO, SchemaProvider.none());
    assertThat(unknown.mode()).isEqualTo(AnalysisMode.SYNTACTIC);
    assertThat(annotator.annotate(sql, Dialect.TRINO, byDay)).isEqualTo(first);
  }
}
