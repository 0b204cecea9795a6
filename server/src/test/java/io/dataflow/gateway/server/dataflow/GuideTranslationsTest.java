package io.dataflow.gateway.server.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.server.guides.GuideExamples;
import io.dataflow.gateway.server.guides.GuideExamples.Example;
import io.dataflow.gateway.server.guides.GuideExamples.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code translate} examples of the migration guides: each task's SQL, given to the dataflow as a
 * task of the running example's DAG with the example's tables known, in the dialect the example names
 * (Trino by default), is refused with the reason the guide quotes, word for word.
 */
class GuideTranslationsTest {

  private final DataflowCompiler compiler = new DataflowCompiler(SemanticAnnotator.create(), new TableNames("iceberg"));

  @Test
  void everyTranslateExampleIsRefusedWithTheReasonTheGuideGives() {
    List<Example> examples = GuideExamples.read(GuideExamples.directory()).of(Kind.TRANSLATE);
    assertThat(examples).isNotEmpty();
    for (Example example : examples) {
      Dialect dialect = Dialect.valueOf(example.argument("dialect").orElse("trino").toUpperCase(java.util.Locale.ROOT));
      TaskDefinition task = TaskDefinition.of("ecommerce_daily.guide_" + example.line(), example.body(), dialect);
      CompiledDataflow compiled = compiler.compile(List.of(task), EcommerceExample.SCHEMA, DataflowGraph.builder().build());
      assertThat(compiled.rejected()).as("%s: the dataflow should refuse it", example.where()).containsKey(task.id());
      String reason = compiled.rejected().get(task.id()).replaceAll("\\s+", " ").strip();
      String expected = example.expect().orElseThrow(() -> new AssertionError(example.where() + ": a translate example needs an"
          + " <!-- expect --> block")).replaceAll("\\s+", " ").strip();
      if (expected.endsWith("…")) {
        assertThat(reason).as(example.where()).startsWith(expected.substring(0, expected.length() - 1).strip());
      } else {
        assertThat(reason).as(example.where()).isEqualTo(expected);
      }
    }
  }
}
