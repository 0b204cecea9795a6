package io.dataflow.gateway.importer.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import io.dataflow.gateway.importer.sql.SqlDeRenderer.RenderedRun;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SqlDeRendererTest {

    /** A daily run: data interval [ds, ds + 1 day). */
    private static RenderedRun daily(String ds, String sql) {
        OffsetDateTime logical = OffsetDateTime.parse(ds + "T00:00:00Z");
        return new RenderedRun(logical, Optional.of(logical), Optional.of(logical.plusDays(1)), List.of(sql));
    }

    /** Renders {@code sqlFor(ds)} for each date, as Airflow would have. */
    private static List<RenderedRun> runs(Function<String, String> sqlFor, String... dates) {
        List<RenderedRun> runs = new ArrayList<>();
        for (String d : dates) {
            runs.add(daily(d, sqlFor.apply(d)));
        }
        return runs;
    }

    private static String template(SqlTemplate t) {
        assertThat(t).isInstanceOf(RecoveredSql.class);
        return ((RecoveredSql) t).text();
    }

    @Test
    void weekOverWeekIsRecoveredFromItsRenderedFormOnly() {
        List<RenderedRun> runs = List.of(
                daily("2024-01-10", wow("2024-01-10", "2024-01-03")),
                daily("2024-01-11", wow("2024-01-11", "2024-01-04")),
                daily("2024-01-12", wow("2024-01-12", "2024-01-05")));

        SqlTemplate t = SqlDeRenderer.deRender(runs);

        assertThat(t).isEqualTo(new RecoveredSql(List.of(wow("{{ ds }}", "{{ macros.ds_add(ds, -7) }}")),
                SqlOrigin.DE_RENDERED, 0.75, 3));
    }

    private static String wow(String ds, String weekBefore) {
        return "DELETE FROM analytics.week_over_week WHERE day = DATE '" + ds + "';\n"
                + "INSERT INTO analytics.week_over_week\n"
                + "SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,\n"
                + "       cur.total_7d - COALESCE(prev.total_7d, 0) AS change\n"
                + "FROM analytics.weekly_customer_totals cur\n"
                + "LEFT JOIN analytics.weekly_customer_totals prev\n"
                + "  ON prev.customer_id = cur.customer_id AND prev.day = DATE '" + weekBefore + "'\n"
                + "WHERE cur.day = DATE '" + ds + "'";
    }

    @Test
    void dsIsRecovered() {
        assertThat(template(SqlDeRenderer.deRender(runs(d -> "SELECT * FROM t WHERE day = DATE '" + d + "'",
                "2024-03-01", "2024-03-02")))).isEqualTo("SELECT * FROM t WHERE day = DATE '{{ ds }}'");
    }

    @Test
    void dsNodashIsRecovered() {
        assertThat(template(SqlDeRenderer.deRender(runs(d -> "SELECT * FROM events_" + d.replace("-", ""),
                "2024-03-01", "2024-03-02")))).isEqualTo("SELECT * FROM events_{{ ds_nodash }}");
    }

    @Test
    void negativeDsAddOffsetsAreRecovered() {
        Function<String, String> sql = d -> "WHERE day BETWEEN DATE '" + OffsetDateTime.parse(d + "T00:00:00Z")
                .minusDays(6).toLocalDate() + "' AND DATE '" + d + "'";
        assertThat(template(SqlDeRenderer.deRender(runs(sql, "2024-03-01", "2024-03-02", "2024-02-28"))))
                .isEqualTo("WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'");
    }

    @Test
    void dataIntervalStartAndEndAreRecovered() {
        Function<String, String> sql = d -> "WHERE ts >= TIMESTAMP '" + d + "T00:00:00+00:00' AND ts < TIMESTAMP '"
                + OffsetDateTime.parse(d + "T00:00:00Z").plusDays(1).toLocalDate() + "T00:00:00+00:00'";
        assertThat(template(SqlDeRenderer.deRender(runs(sql, "2024-03-01", "2024-03-02"))))
                .isEqualTo("WHERE ts >= TIMESTAMP '{{ data_interval_start }}' AND ts < TIMESTAMP '{{ data_interval_end }}'");
    }

    @Test
    void tsIsRecoveredWhenItDiffersFromTheDataInterval() {
        OffsetDateTime a = OffsetDateTime.of(2024, 3, 1, 6, 30, 0, 0, ZoneOffset.UTC);
        OffsetDateTime b = a.plusDays(1);
        List<RenderedRun> runs = List.of(
                new RenderedRun(a, Optional.of(a.minusHours(6)), Optional.of(a.plusHours(18)),
                        List.of("SELECT '2024-03-01T06:30:00+00:00'")),
                new RenderedRun(b, Optional.of(b.minusHours(6)), Optional.of(b.plusHours(18)),
                        List.of("SELECT '2024-03-02T06:30:00+00:00'")));
        assertThat(template(SqlDeRenderer.deRender(runs))).isEqualTo("SELECT '{{ ts }}'");
    }

    @Test
    void aLiteralThatLooksLikeADateButDoesNotMoveStaysALiteral() {
        assertThat(template(SqlDeRenderer.deRender(runs(
                d -> "SELECT * FROM t WHERE day = DATE '" + d + "' AND since >= DATE '2020-01-01'",
                "2024-03-01", "2024-03-02"))))
                .isEqualTo("SELECT * FROM t WHERE day = DATE '{{ ds }}' AND since >= DATE '2020-01-01'");
    }

    @Test
    void sqlWithNothingMovingIsAConstantTemplate() {
        SqlTemplate t = SqlDeRenderer.deRender(runs(d -> "CREATE OR REPLACE TABLE x AS SELECT 1", "2024-03-01", "2024-03-02"));
        assertThat(t).isEqualTo(new RecoveredSql(List.of("CREATE OR REPLACE TABLE x AS SELECT 1"),
                SqlOrigin.RENDERED_CONSTANT, 0.5, 2));
    }

    @Test
    void oneRunIsNotEnough() {
        assertThat(SqlDeRenderer.deRender(runs(d -> "SELECT '" + d + "'", "2024-03-01")))
                .isEqualTo(new SqlUnavailable("de-rendering needs the rendered SQL of at least two runs with different"
                        + " logical dates; found 1 usable run(s) with 1 distinct date(s)"));
    }

    @Test
    void aMovingLiteralNoExpressionExplainsIsReportedNotGuessed() {
        List<RenderedRun> runs = List.of(daily("2024-03-01", "SELECT DATE '2024-05-17'"),
                daily("2024-03-02", "SELECT DATE '2024-06-02'"));
        assertThat(SqlDeRenderer.deRender(runs)).isInstanceOf(SqlUnavailable.class)
                .extracting(t -> ((SqlUnavailable) t).reason()).asString()
                .startsWith("the literal '2024-06-02' (statement 1, date-like literal 1) changes between runs"
                        + " ([2024-06-02, 2024-05-17]) but matches none of");
    }

    @Test
    void runsWhoseSqlDiffersBeyondDatesAreOutvotedByTheAgreeingOnes() {
        List<RenderedRun> runs = List.of(
                daily("2024-03-01", "SELECT a FROM t WHERE day = '2024-03-01'"),
                daily("2024-03-02", "SELECT a FROM t WHERE day = '2024-03-02'"),
                daily("2024-03-03", "SELECT a, b FROM t WHERE day = '2024-03-03'"));
        SqlTemplate t = SqlDeRenderer.deRender(runs);
        assertThat(t).isEqualTo(new RecoveredSql(List.of("SELECT a FROM t WHERE day = '{{ ds }}'"),
                SqlOrigin.DE_RENDERED, 0.5 * 2 / 3, 2));
    }

    @Test
    void truncatedRenderingsAreNotUsed() {
        List<RenderedRun> runs = List.of(daily("2024-03-01", SqlDeRenderer.TRUNCATED_PREFIX + " in [core]... SELECT"),
                daily("2024-03-02", "SELECT '2024-03-02'"));
        assertThat(SqlDeRenderer.deRender(runs)).isInstanceOf(SqlUnavailable.class)
                .extracting(t -> ((SqlUnavailable) t).reason()).asString().contains("(1 truncated by Airflow)");
    }
}
