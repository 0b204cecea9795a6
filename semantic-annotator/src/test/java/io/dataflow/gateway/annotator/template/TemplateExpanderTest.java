package io.dataflow.gateway.annotator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.AnnotationException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateExpanderTest {

  private static TemplateExpansion expand(String template) {
    return TemplateExpander.expand(template, ChronoUnit.DAYS);
  }

  private static TemplateParameter only(String template) {
    TemplateExpansion expansion = expand(template);
    assertThat(expansion.parameters()).hasSize(1);
    return expansion.parameters().getFirst();
  }

  @Test
  void dateLiteralOfDsIsADateParameterAtOffsetZero() {
    TemplateParameter p = only("SELECT 1 WHERE day = DATE '{{ ds }}'");
    assertThat(p.kind()).isEqualTo(ParameterKind.LOGICAL_DATE);
    assertThat(p.type()).isEqualTo(ParameterType.DATE);
    assertThat(p.offset()).isZero();
    assertThat(p.position().column()).isEqualTo(28);
  }

  @Test
  void dsAddGivesItsOffsetInDays() {
    TemplateParameter p = only("DATE '{{ macros.ds_add(ds, -6) }}'");
    assertThat(p.offset()).isEqualTo(-6);
    assertThat(p.offsetUnit()).isEqualTo(ChronoUnit.DAYS);
    assertThat(expand("DATE '{{macros.ds_add(ds,+3)}}'").sql()).isEqualTo("DATE '3000-01-04'");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "DATE '{{ ds }}'                         | DATE '3000-01-01'",
      "DATE '{{ macros.ds_add(ds, -6) }}'      | DATE '2999-12-26'",
      "'{{ ds_nodash }}'                       | '30000101'",
      "{{ ds_nodash }}                         | 30000101",
      "TIMESTAMP '{{ ts }}'                    | TIMESTAMP '3000-01-01 00:00:00'",
      "TIMESTAMP '{{ data_interval_start }}'   | TIMESTAMP '3000-01-01 00:00:00'",
      "TIMESTAMP '{{ data_interval_end }}'     | TIMESTAMP '3000-01-02 00:00:00'",
      "'{{ params.region }}'                   | '__param_region__'",
      "'s3://bucket/{{ ds }}/x'                | 's3://bucket/3000-01-01/x'",
  })
  void expandsToSentinels(String template, String expected) {
    assertThat(expand(template).sql()).isEqualTo(expected);
  }

  @Test
  void typesFollowTheLiteralKeyword() {
    assertThat(only("TIMESTAMP '{{ ts }}'").type()).isEqualTo(ParameterType.TIMESTAMP);
    assertThat(only("'{{ ds }}'").type()).isEqualTo(ParameterType.VARCHAR);
    assertThat(only("{{ ds_nodash }}").type()).isEqualTo(ParameterType.INTEGER);
    assertThat(only("'{{ params.region }}'").userParameter()).contains("region");
  }

  @Test
  void dataIntervalEndIsOneScheduleIntervalLater() {
    TemplateExpansion hourly =
        TemplateExpander.expand("TIMESTAMP '{{ data_interval_end }}'", ChronoUnit.HOURS);
    assertThat(hourly.sql()).isEqualTo("TIMESTAMP '3000-01-01 01:00:00'");
    assertThat(hourly.parameters().getFirst().offset()).isEqualTo(1);
    assertThat(hourly.parameters().getFirst().offsetUnit()).isEqualTo(ChronoUnit.HOURS);
  }

  @Test
  void expressionsInCommentsAreLeftAlone() {
    assertThat(expand("SELECT 1 -- {{ anything goes }}\n").parameters()).isEmpty();
  }

  @Test
  void positionsInTheExpandedSqlMapBackToTheTemplate() {
    TemplateExpansion e = expand("SELECT DATE '{{ ds }}',\n  x FROM t");
    int x = e.sql().indexOf('x');
    assertThat(e.templatePosition(x).line()).isEqualTo(2);
    assertThat(e.templatePosition(x).column()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"'{{ ds | upper }}'\"                            | \"{{ ds | upper }}\"",
      "'{{ ''.__class__.__mro__[1].__subclasses__() }}' | __class__",
      "'{{ macros.datetime.now() }}'                     | macros.datetime.now()",
      "'{{ var.value.secret }}'                          | var.value.secret",
      "'{{ macros.ds_add(ds, n) }}'                      | macros.ds_add(ds, n)",
  })
  void refusesUnsupportedOrHostileExpressionsNamingThemAndWhere(String template, String named) {
    assertThatThrownBy(() -> expand("SELECT *\nFROM t WHERE x = " + template))
        .isInstanceOfSatisfying(AnnotationException.class, e -> {
          assertThat(e.reason()).isEqualTo(AnnotationException.Reason.UNSUPPORTED_TEMPLATE);
          assertThat(e.getMessage()).contains(named).contains("line 2, column 19");
        });
  }

  @Test
  void refusesJinjaStatementsUnclosedExpressionsAndUnquotedDates() {
    assertThatThrownBy(() -> expand("{% if x %}SELECT 1{% endif %}"))
        .hasMessageContaining("Jinja statements").hasMessageContaining("line 1, column 1");
    assertThatThrownBy(() -> expand("SELECT '{{ ds '"))
        .hasMessageContaining("never closed");
    assertThatThrownBy(() -> expand("SELECT * FROM t WHERE day = {{ ds }}"))
        .hasMessageContaining("must stand inside a quoted literal");
    assertThatThrownBy(() -> expand("SELECT * FROM {{ params.table }}"))
        .hasMessageContaining("outside a quoted literal");
  }
}
