package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.Query;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionRendererTest {

  private static final LocalDate TENTH = LocalDate.of(2024, 1, 10);
  private static final TableMapping ICEBERG = legacy ->
      new TableName(List.of("iceberg", legacy.parts().get(0), legacy.table()));
  private static final ExecutionRenderer RENDERER =
      ExecutionRenderer.create(EcommerceExample.SCHEMA, ICEBERG);

  private static String replace(String sql, OutputScope scope) {
    String rendered = RENDERER.replace(Transform.of(sql, Dialect.TRINO), scope);
    TrinoGrammar.parse(rendered, Merge.class);
    assertThat(rendered).doesNotContain("3000-").doesNotContain("2999-");
    return rendered;
  }

  private static void refused(String sql, OutputScope scope, String why) {
    assertThatThrownBy(() -> RENDERER.replace(Transform.of(sql, Dialect.TRINO), scope))
        .isInstanceOfSatisfying(AnnotationException.class,
            e -> assertThat(e.reason()).isEqualTo(AnnotationException.Reason.NOT_RENDERABLE))
        .hasMessageContaining(why);
  }

  @Test
  void oneDailyPartitionIsReplacedByOneMerge() {
    String sql = replace(EcommerceExample.DAILY_CUSTOMER_TOTALS, OutputScope.day(TENTH));
    assertThat(sql)
        .startsWith("MERGE INTO \"iceberg\".\"analytics\".\"daily_customer_totals\" AS \"target\"")
        .contains("FROM \"iceberg\".\"raw\".\"transactions\"")
        .contains("SELECT 'delete', NULL, NULL, NULL, NULL, DATE '2024-01-10'\n")
        .contains("ON \"target\".\"day\" = \"source\".\"$dataflow_key\""
            + " AND \"target\".\"day\" = DATE '2024-01-10'")
        .contains("WHEN MATCHED THEN DELETE")
        .contains("WHEN NOT MATCHED AND \"source\".\"$dataflow_op\" = 'insert'"
            + " AND \"source\".\"day\" = DATE '2024-01-10'")
        .contains("INSERT (\"customer_id\", \"day\", \"total\", \"txn_count\")")
        .doesNotContain("DELETE FROM");
    assertThat(sql.split("UNION ALL", -1)).as("one run and the marker row").hasSize(2);
    assertThat(sql.split("NULL AS \"\\$dataflow_key\"", -1)).as("computed rows never match")
        .hasSize(2);
  }

  @Test
  void aTaskRenderedAgainAfterItsOutputTableChangedIsAnalyzedAgainstTheNewTable() {
    TableName daily = new TableName(List.of("analytics", "daily_customer_totals"));
    java.util.concurrent.atomic.AtomicBoolean narrowed = new java.util.concurrent.atomic.AtomicBoolean();
    io.dataflow.gateway.annotator.schema.SchemaProvider changing = name -> EcommerceExample.SCHEMA.table(name)
        .map(t -> !narrowed.get() || !t.name().equals(daily) ? t
            : new io.dataflow.gateway.annotator.schema.TableSchema(t.name(),
                t.columns().stream().filter(c -> !c.name().equals("txn_count")).toList(), t.partitionColumns()));
    ExecutionRenderer renderer = ExecutionRenderer.create(changing, ICEBERG);
    Transform transform = Transform.of(EcommerceExample.DAILY_CUSTOMER_TOTALS, Dialect.TRINO);

    String tenth = renderer.replace(transform, OutputScope.day(TENTH));
    String eleventh = renderer.replace(transform, OutputScope.day(TENTH.plusDays(1)));
    narrowed.set(true);

    assertThat(tenth).contains("DATE '2024-01-10'").contains("\"txn_count\"");
    assertThat(eleventh).isEqualTo(tenth.replace("2024-01-10", "2024-01-11").replace("2024-01-09", "2024-01-10"));
    assertThatThrownBy(() -> renderer.replace(transform, OutputScope.day(TENTH)))
        .isInstanceOf(AnnotationException.class)
        .hasMessageContaining("the query computes 4 columns for the 3 it writes");
  }

  @Test
  void aContiguousRangeIsOneStatementWithARangePredicate() {
    String sql = replace(EcommerceExample.DAILY_CUSTOMER_TOTALS,
        OutputScope.days(TENTH, TENTH.plusDays(2)));
    assertThat(sql)
        .contains("\"target\".\"day\" BETWEEN DATE '2024-01-10' AND DATE '2024-01-12'")
        .contains("\"source\".\"day\" BETWEEN DATE '2024-01-10' AND DATE '2024-01-12'")
        .contains("\"day\" = DATE '2024-01-11'")
        .contains("FROM UNNEST(sequence(DATE '2024-01-10', DATE '2024-01-12', INTERVAL '1' DAY))"
            + " AS \"days\" (\"d\")");
    assertThat(sql.split("UNION ALL", -1)).as("three runs and the marker rows").hasSize(4);
  }

  @Test
  void theWeeklyWindowReadsTheSevenDaysBeforeEachPartition() {
    String sql = replace(EcommerceExample.WEEKLY_CUSTOMER_TOTALS, OutputScope.day(TENTH));
    assertThat(sql).contains("BETWEEN DATE '2024-01-04' AND DATE '2024-01-10'")
        .contains("\"iceberg\".\"analytics\".\"daily_customer_totals\"");
  }

  @Test
  void theRestatementOfTheTenthRerunsTheWeeklyTableInOneStatement() {
    String sql = replace(EcommerceExample.WEEKLY_CUSTOMER_TOTALS,
        OutputScope.days(TENTH, LocalDate.of(2024, 1, 16)));
    assertThat(sql.split("UNION ALL", -1)).as("seven runs and the marker rows").hasSize(8);
    assertThat(sql).contains("BETWEEN DATE '2024-01-04' AND DATE '2024-01-10'")
        .contains("\"target\".\"day\" BETWEEN DATE '2024-01-10' AND DATE '2024-01-16'");
  }

  @Test
  void weekOverWeekReadsItsTwoOffsets() {
    String sql = replace(EcommerceExample.WEEK_OVER_WEEK, OutputScope.day(TENTH));
    assertThat(sql).contains("DATE '2024-01-03'").contains("AS \"prev\"")
        .contains("\"target\".\"day\" = DATE '2024-01-10'");
  }

  @Test
  void theLifetimeTableIsReplacedWhole() {
    String sql = replace(EcommerceExample.CUSTOMER_LIFETIME_VALUE, OutputScope.wholeTable(TENTH));
    assertThat(sql).contains("SELECT 'delete', NULL, NULL, NULL, NULL, TRUE\n")
        .contains("SELECT 'delete', NULL, NULL, NULL, NULL, FALSE\n")
        .contains("ON (\"target\".\"customer_id\" IS NULL) = \"source\".\"$dataflow_key\"\n")
        .contains("INSERT (\"customer_id\", \"lifetime_total\", \"first_day\", \"last_day\")");
  }

  @Test
  void aTaskWritingTheDayBeforeIsRunForTheDayAfter() {
    String sql = replace("INSERT INTO analytics.daily_customer_totals"
        + " SELECT customer_id, DATE '{{ macros.ds_add(ds, -1) }}', SUM(amount), COUNT(*)"
        + " FROM raw.transactions WHERE day = DATE '{{ macros.ds_add(ds, -1) }}'"
        + " AND event_time < TIMESTAMP '{{ ts }}' GROUP BY customer_id", OutputScope.day(TENTH));
    assertThat(sql).contains("TIMESTAMP '2024-01-11 00:00:00'")
        .contains("\"day\" = DATE '2024-01-10'");
  }

  @Test
  void aHiveStaticPartitionGetsItsDateLiteral() {
    String sql = RENDERER.replace(new Transform(
        "INSERT OVERWRITE TABLE analytics.daily_customer_totals PARTITION (day = '{{ ds }}')\n"
            + "SELECT customer_id, SUM(amount), COUNT(*) FROM raw.transactions"
            + " WHERE day = '{{ ds }}' GROUP BY customer_id", Dialect.HIVE, Map.of()),
        OutputScope.days(TENTH, TENTH.plusDays(1)));
    TrinoGrammar.parse(sql, Merge.class);
    assertThat(sql).contains("DATE '2024-01-10' AS \"day\"").contains("DATE '2024-01-11' AS \"day\"")
        .contains("INSERT (\"customer_id\", \"total\", \"txn_count\", \"day\")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x'; DROP TABLE t; --", "a' OR '1'='1", "*/ DELETE FROM t /*",
      "\\'; --", "'); DELETE FROM t WHERE ('1' = '1", "\" OR \"\"=\""})
  void hostileParameterValuesStayInsideOneStringLiteral(String hostile) {
    String sql = RENDERER.replace(new Transform("DELETE FROM analytics.daily_customer_totals"
        + " WHERE day = DATE '{{ ds }}';"
        + " INSERT INTO analytics.daily_customer_totals SELECT t.customer_id, t.day,"
        + " SUM(t.amount), COUNT(*) FROM raw.transactions t JOIN dim.customers c"
        + " ON c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}'"
        + " AND c.segment = '{{ params.segment }}' GROUP BY t.customer_id, t.day",
        Dialect.TRINO, Map.of("segment", hostile)), OutputScope.days(TENTH, TENTH.plusDays(1)));
    Merge merge = TrinoGrammar.parse(sql, Merge.class);
    assertThat(TrinoGrammar.stringLiterals(merge)).filteredOn(hostile::equals).hasSize(2);
  }

  @Test
  void aParameterOutsideAStringLiteralIsRefused() {
    assertThatThrownBy(() -> RENDERER.replace(new Transform("INSERT INTO"
        + " analytics.daily_customer_totals SELECT customer_id, day, SUM(amount), COUNT(*)"
        + " FROM raw.transactions WHERE day = DATE '{{ ds }}' AND customer_id = {{ params.id }}"
        + " GROUP BY customer_id, day", Dialect.TRINO, Map.of("id", "1 OR 1=1")),
        OutputScope.day(TENTH)))
        .isInstanceOf(AnnotationException.class).hasMessageContaining("params.id")
        .hasMessageContaining("outside a quoted literal");
  }

  @Test
  void scopesThatDoNotFitTheTaskAreRefused() {
    refused(EcommerceExample.CUSTOMER_LIFETIME_VALUE, OutputScope.day(TENTH),
        "render the whole table");
    refused(EcommerceExample.DAILY_CUSTOMER_TOTALS, OutputScope.wholeTable(TENTH),
        "render its day partitions");
    refused("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount),"
        + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' AND rand() < 0.5"
        + " GROUP BY customer_id, day", OutputScope.day(TENTH), "OPAQUE");
    refused("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount),"
        + " COUNT(*) FROM raw.transactions WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -1) }}'"
        + " AND DATE '{{ ds }}' GROUP BY customer_id, day", OutputScope.day(TENTH),
        "exactly one day partition");
    refused("MERGE INTO analytics.daily_customer_totals t USING (SELECT customer_id, day,"
        + " SUM(amount) AS total FROM raw.transactions WHERE day = DATE '{{ ds }}'"
        + " GROUP BY customer_id, day) s ON t.customer_id = s.customer_id AND t.day = s.day"
        + " WHEN MATCHED THEN UPDATE SET total = s.total", OutputScope.day(TENTH), "");
  }

  @Test
  void invalidScopesAreRejectedUpFront() {
    assertThatThrownBy(() -> OutputScope.days(TENTH, TENTH.minusDays(1)))
        .hasMessageContaining("first 2024-01-10 is after last 2024-01-09");
    assertThatThrownBy(() -> OutputScope.days(TENTH, TENTH.plusDays(OutputScope.MAX_DAYS)))
        .hasMessageContaining("at most 366");
    assertThatThrownBy(() -> new Transform("SELECT 1", Dialect.TRINO, Map.of("a b", "x")))
        .hasMessageContaining("Invalid parameter name 'a b'");
  }

  @Test
  void checksumsArePerDayPartitionAndOrderIndependent() {
    String sql = RENDERER.checksum(TableName.of("analytics.daily_customer_totals"),
        OutputScope.days(TENTH, TENTH.plusDays(6)));
    TrinoGrammar.parse(sql, Query.class);
    assertThat(sql).isEqualTo("""
        SELECT "day" AS "partition", count(*) AS "row_count", \
        coalesce(from_big_endian_64(checksum(ROW("customer_id", "day", "total", "txn_count"))), 0) \
        AS "checksum"
        FROM "iceberg"."analytics"."daily_customer_totals"
        WHERE "day" BETWEEN DATE '2024-01-10' AND DATE '2024-01-16'
        GROUP BY "day"
        ORDER BY "day\"""");
  }

  @Test
  void checksumsCanReadASnapshotAndAnUnpartitionedTable() {
    String sql = RENDERER.checksum(TableName.of("analytics.customer_lifetime_value"),
        OutputScope.wholeTable(TENTH), OptionalLong.of(8_954_597_067_493_422_955L));
    TrinoGrammar.parse(sql, Query.class);
    assertThat(sql).contains("CAST(NULL AS DATE) AS \"partition\"")
        .contains("FOR VERSION AS OF 8954597067493422955").doesNotContain("GROUP BY");
    assertThatThrownBy(() -> RENDERER.checksum(TableName.of("analytics.customer_lifetime_value"),
        OutputScope.day(TENTH))).hasMessageContaining("no DATE partition column");
    assertThatThrownBy(() -> RENDERER.checksum(TableName.of("nowhere.t"), OutputScope.day(TENTH)))
        .hasMessageContaining("does not know nowhere.t");
  }
}
