package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrinoRendererTest {

  private static final TrinoRenderer RENDERER = TrinoRenderer.create();
  private static final LocalDate TENTH = LocalDate.of(2024, 1, 10);
  private static final TableMapping ICEBERG = legacy ->
      new TableName(java.util.List.of("iceberg", legacy.parts().get(0), legacy.table()));

  private static String render(String sql) {
    return RENDERER.render(sql, Dialect.TRINO, TENTH, Map.of(), ICEBERG);
  }

  /** The rendered SQL parses as one Trino query, and in Calcite's Trino dialect. */
  private static TaskAnnotation reparse(String rendered) {
    TrinoGrammar.parse(rendered, io.trino.sql.tree.Query.class);
    return SemanticAnnotator.create().annotate(rendered, Dialect.TRINO, SchemaProvider.none());
  }

  @Test
  void theWeeklyWindowIsBoundToTheLogicalDate() {
    String sql = render(EcommerceExample.WEEKLY_CUSTOMER_TOTALS);
    assertThat(sql).contains("DATE '2024-01-04'").contains("DATE '2024-01-10'")
        .contains("\"iceberg\".\"analytics\".\"daily_customer_totals\"")
        .doesNotContain("3000").doesNotContain("DELETE");
    assertThat(reparse(sql).inputs()).extracting(i -> i.table().toString())
        .containsExactly("iceberg.analytics.daily_customer_totals");
  }

  @ParameterizedTest
  @ValueSource(strings = {"daily", "weekly", "wow", "lifetime"})
  void everyExampleTaskRendersToParseableTrinoSql(String which) {
    String template = switch (which) {
      case "daily" -> EcommerceExample.DAILY_CUSTOMER_TOTALS;
      case "weekly" -> EcommerceExample.WEEKLY_CUSTOMER_TOTALS;
      case "wow" -> EcommerceExample.WEEK_OVER_WEEK;
      default -> EcommerceExample.CUSTOMER_LIFETIME_VALUE;
    };
    String sql = render(template);
    assertThat(reparse(sql).inputs()).allSatisfy(
        i -> assertThat(i.table().parts().getFirst()).isEqualTo("iceberg"));
  }

  @Test
  void weekOverWeekKeepsItsAliases() {
    String sql = render(EcommerceExample.WEEK_OVER_WEEK);
    assertThat(sql).contains("DATE '2024-01-03'").contains("AS \"prev\"");
  }

  @Test
  void unaliasedTablesKeepTheirOldNameAsAlias() {
    String sql = RENDERER.render("SELECT transactions.amount FROM raw.transactions",
        Dialect.TRINO, TENTH, Map.of(), TableMapping.of(
            Map.of(TableName.of("raw.transactions"), TableName.of("lake.raw.transactions_v2"))));
    assertThat(sql).contains("\"lake\".\"raw\".\"transactions_v2\" AS \"transactions\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x'; DROP TABLE t; --", "a' OR '1'='1", "/* c */ x", "\\'; --"})
  void hostileParameterValuesAreRenderedInert(String hostile) {
    String sql = RENDERER.render(
        "SELECT * FROM raw.transactions WHERE customer_id = '{{ params.customer }}'",
        Dialect.TRINO, TENTH, Map.of("customer", hostile), TableMapping.identity());
    TaskAnnotation reparsed = reparse(sql);
    assertThat(reparsed.inputs()).hasSize(1);
    assertThat(sql).contains("'" + hostile.replace("'", "''") + "'");
  }

  @Test
  void aMissingParameterValueIsNamed() {
    assertThatThrownBy(() -> RENDERER.render("SELECT * FROM t WHERE r = '{{ params.region }}'",
        Dialect.TRINO, TENTH, Map.of(), TableMapping.identity()))
        .hasMessageContaining("params.region");
  }

  @Test
  void dsNodashAndStringDatesAreShiftedToo() {
    String sql = RENDERER.render("SELECT * FROM t WHERE dt = '{{ ds_nodash }}' AND p = {{ ds_nodash }}"
        + " AND path = 's3://b/{{ macros.ds_add(ds, 1) }}/'",
        Dialect.TRINO, TENTH, Map.of(), TableMapping.identity());
    assertThat(sql).contains("'20240110'").contains("20240110").contains("'s3://b/2024-01-11/'");
  }
}
