package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.CorpusCase;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.OutputTable;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.SemanticsClass;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.Query;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every corpus task that is not OPAQUE renders to SQL that Trino's own grammar reads: its query for
 * one logical date, and the one-statement replacement of its output (days, hours, the week, month
 * or year of the logical date, or the whole table) where its write mode and written partitions allow one. Hostile parameter values stay inside one string literal each.
 */
class CorpusRenderingTest {

  private static final LocalDate TENTH = LocalDate.of(2024, 1, 10);
  private static final TableMapping ICEBERG = legacy ->
      new TableName(List.of("iceberg", legacy.parts().getFirst(), legacy.table()));
  private static final ExecutionRenderer EXECUTION = ExecutionRenderer.create(Corpus.SCHEMA, ICEBERG);
  /** A partition written at a whole number of days from the logical date: {@code ds}, {@code ds - 1 days}. */
  private static final Pattern ONE_DAY = Pattern.compile("ds( [-+] \\d+ days?)?");
  /** A week, month or year of the logical date: {@code date_trunc('month', ds)}. */
  private static final Pattern PERIOD = Pattern.compile("date_trunc\\('(week|month|year)', ds\\)");

  static Stream<CorpusCase> renderable() {
    return Corpus.cases().stream().filter(c -> c.expectedClass() != SemanticsClass.OPAQUE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderable")
  void theQueryOfEveryTaskThatIsNotOpaqueParsesAsTrino(CorpusCase corpusCase) {
    TaskAnnotation annotation = SemanticAnnotator.create()
        .annotate(corpusCase.sql(), corpusCase.dialect(), corpusCase.schema());
    if (annotation.output().map(OutputTable::writeMode).orElse(null) == WriteMode.DELETE) {
      return; // a DELETE alone has no query to render
    }
    String rendered = TrinoRenderer.create()
        .render(corpusCase.sql(), corpusCase.dialect(), TENTH, Map.of(), ICEBERG);

    TrinoGrammar.parse(rendered, Query.class);
    assertThat(rendered).doesNotContain("3000-0").doesNotContain("2999-");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderable")
  void everyTaskWithADayHourOrWholeOutputRendersAsOneMerge(CorpusCase corpusCase) {
    TaskAnnotation annotation = SemanticAnnotator.create()
        .annotate(corpusCase.sql(), corpusCase.dialect(), corpusCase.schema());
    Optional<OutputTable> output = annotation.output();
    Transform transform = new Transform(corpusCase.sql(), corpusCase.dialect(), Map.of());
    WriteMode mode = output.map(OutputTable::writeMode).orElse(WriteMode.APPEND);
    boolean hourly = output.flatMap(o -> corpusCase.schema().table(o.table()))
        .map(t -> t.partitionColumns().stream()
            .anyMatch(c -> t.column(c).orElseThrow().type().startsWith("TIMESTAMP")))
        .orElse(false);
    Optional<String> period = output.flatMap(OutputTable::writtenPartition)
        .map(PERIOD::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1));
    boolean day = !hourly && output.flatMap(OutputTable::writtenPartition)
        .filter(p -> ONE_DAY.matcher(p).matches()).isPresent();
    if (output.isPresent() && mode == WriteMode.FULL_REPLACE) {
      TrinoGrammar.parse(EXECUTION.replace(transform, OutputScope.wholeTable(TENTH)), Merge.class);
    } else if (hourly && (mode == WriteMode.APPEND || mode == WriteMode.REPLACE_PARTITIONS)) {
      TrinoGrammar.parse(EXECUTION.replace(transform, OutputScope.hours(
          TENTH.atTime(22, 0), TENTH.plusDays(1).atTime(3, 0))), Merge.class);
    } else if (period.isPresent()
        && (mode == WriteMode.APPEND || mode == WriteMode.REPLACE_PARTITIONS)) {
      // the week, month or year of the tenth, exactly
      PartitionUnit unit = PartitionUnit.valueOf(period.get().toUpperCase(java.util.Locale.ROOT));
      LocalDate first = unit.truncate(TENTH.atStartOfDay()).toLocalDate();
      LocalDate last = unit.plus(first.atStartOfDay(), 1).toLocalDate().minusDays(1);
      String column = corpusCase.schema().table(output.get().table()).orElseThrow()
          .partitionColumns().getFirst();
      String merge = EXECUTION.replace(transform, OutputScope.days(first, last));
      TrinoGrammar.parse(merge, Merge.class);
      assertThat(merge).contains("ON \"target\".\"" + column + "\" = \"source\".\"$dataflow_key\""
          + " AND \"target\".\"" + column + "\" = DATE '" + first + "'");
    } else if (day && (mode == WriteMode.APPEND || mode == WriteMode.REPLACE_PARTITIONS)) {
      TrinoGrammar.parse(EXECUTION.replace(transform, OutputScope.days(TENTH, TENTH.plusDays(2))),
          Merge.class);
    } else {
      assertThatThrownBy(() -> EXECUTION.replace(transform, OutputScope.day(TENTH)))
          .isInstanceOfSatisfying(AnnotationException.class,
              e -> assertThat(e.reason()).isEqualTo(AnnotationException.Reason.NOT_RENDERABLE));
    }
  }

  /** Corpus tasks with a filter value taken from the DAG's params instead of written in. */
  private static final List<String> WITH_PARAMS = List.of(
      "INSERT INTO analytics.orders_clean SELECT order_id, customer_id, product_id, quantity, price,"
          + " order_day FROM raw.orders WHERE order_day = DATE '{{ ds }}' AND status <> '{{ params.v }}'",
      "DELETE FROM analytics.segment_daily WHERE day = DATE '{{ ds }}'; INSERT INTO analytics.segment_daily"
          + " SELECT c.segment, t.day, COUNT(DISTINCT t.customer_id), SUM(t.amount) FROM raw.transactions t"
          + " JOIN dim.customers c ON c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}'"
          + " AND c.country = '{{ params.v }}' GROUP BY c.segment, t.day",
      "CREATE OR REPLACE TABLE analytics.customer_snapshot AS SELECT customer_id, segment, country"
          + " FROM dim.customers WHERE segment <> '{{ params.v }}'");

  @ParameterizedTest
  @ValueSource(strings = {"x'; DROP TABLE t; --", "a' OR '1'='1", "/* c */ x", "\\'; --", "'; DELETE FROM x /*", "--"})
  void hostileParameterValuesAreRenderedInert(String hostile) {
    for (String sql : WITH_PARAMS) {
      Transform transform = new Transform(sql, Dialect.TRINO, Map.of("v", hostile));
      TaskAnnotation annotation = SemanticAnnotator.create().annotate(sql, Dialect.TRINO, Corpus.SCHEMA);
      OutputScope scope = annotation.output().orElseThrow().writeMode() == WriteMode.FULL_REPLACE
          ? OutputScope.wholeTable(TENTH) : OutputScope.day(TENTH);

      Merge merge = TrinoGrammar.parse(EXECUTION.replace(transform, scope), Merge.class);
      Query query = TrinoGrammar.parse(
          TrinoRenderer.create().render(sql, Dialect.TRINO, TENTH, Map.of("v", hostile), ICEBERG), Query.class);

      assertThat(TrinoGrammar.stringLiterals(merge)).as("the value is one literal of the MERGE").contains(hostile);
      assertThat(TrinoGrammar.stringLiterals(query)).as("the value is one literal of the query").contains(hostile);
    }
  }
}
