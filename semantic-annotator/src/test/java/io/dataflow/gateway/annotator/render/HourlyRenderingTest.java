package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.Query;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Hour partitions of a table partitioned by a TIMESTAMP column, replaced by one MERGE. */
class HourlyRenderingTest {

  private static final ExecutionRenderer RENDERER =
      ExecutionRenderer.create(Corpus.SCHEMA, TableMapping.identity());
  private static final LocalDateTime TENTH_22H = LocalDateTime.of(2024, 1, 10, 22, 0);
  private static final LocalDateTime ELEVENTH_1H = LocalDateTime.of(2024, 1, 11, 1, 0);

  /** A daily run over its data interval writes the 24 hours of its day. */
  private static final String HOURLY_VIEWS = "INSERT INTO analytics.hourly_page_views"
      + " SELECT view_hour, url, COUNT(*) FROM raw.page_views"
      + " WHERE view_hour >= TIMESTAMP '{{ data_interval_start }}'"
      + " AND view_hour < TIMESTAMP '{{ data_interval_end }}' GROUP BY view_hour, url";

  @Test
  void hoursAcrossMidnightAreReplacedFromTheRunsOfBothDays() {
    String sql = RENDERER.replace(Transform.of(HOURLY_VIEWS, Dialect.TRINO),
        OutputScope.hours(TENTH_22H, ELEVENTH_1H));

    TrinoGrammar.parse(sql, Merge.class);
    assertThat(sql)
        .contains("FROM UNNEST(sequence(TIMESTAMP '2024-01-10 22:00:00', TIMESTAMP '2024-01-11 01:00:00',"
            + " INTERVAL '1' HOUR)) AS \"hours\" (\"h\")")
        .contains("ON \"target\".\"view_hour\" = \"source\".\"$dataflow_key\" AND \"target\".\"view_hour\""
            + " BETWEEN TIMESTAMP '2024-01-10 22:00:00' AND TIMESTAMP '2024-01-11 01:00:00'")
        .contains("AND \"source\".\"view_hour\" BETWEEN TIMESTAMP '2024-01-10 22:00:00'")
        .contains("TIMESTAMP '2024-01-10 00:00:00'").contains("TIMESTAMP '2024-01-11 00:00:00'")
        .contains("TIMESTAMP '2024-01-12 00:00:00'")
        .doesNotContain("3000-");
    assertThat(sql.split("SELECT 'insert'", -1)).as("one run per day of the scope").hasSize(3);
  }

  @Test
  void oneHourIsOneMarkerAndOneRun() {
    String sql = RENDERER.replace(Transform.of(HOURLY_VIEWS, Dialect.TRINO),
        OutputScope.hours(TENTH_22H, TENTH_22H));

    TrinoGrammar.parse(sql, Merge.class);
    assertThat(sql).contains("\"target\".\"view_hour\" = TIMESTAMP '2024-01-10 22:00:00'")
        .doesNotContain("sequence(");
    assertThat(sql.split("SELECT 'insert'", -1)).hasSize(2);
  }

  @Test
  void anHourNoRunWritesIsNotRendered() {
    String oneHourPerDay = "INSERT INTO analytics.hourly_page_views SELECT view_hour, url, COUNT(*)"
        + " FROM raw.page_views WHERE view_hour = TIMESTAMP '{{ data_interval_start }}'"
        + " GROUP BY view_hour, url";

    assertThatThrownBy(() -> RENDERER.replace(Transform.of(oneHourPerDay, Dialect.TRINO),
        OutputScope.hours(TENTH_22H, TENTH_22H)))
        .isInstanceOfSatisfying(AnnotationException.class,
            e -> assertThat(e.reason()).isEqualTo(AnnotationException.Reason.NOT_RENDERABLE))
        .hasMessageContaining("hour partition 2024-01-10T22:00 of analytics.hourly_page_views is"
            + " written by 0 daily runs");
  }

  @Test
  void hoursOfADayPartitionedTableAreNotRendered() {
    assertThatThrownBy(() -> RENDERER.replace(Transform.of(
        "INSERT INTO analytics.daily_page_views SELECT DATE '{{ ds }}', url, COUNT(*) FROM raw.page_views"
            + " GROUP BY url", Dialect.TRINO), OutputScope.hours(TENTH_22H, TENTH_22H)))
        .hasMessageContaining("does not write hour partitions");
    assertThatThrownBy(() -> RENDERER.checksum(TableName.of("analytics.daily_page_views"),
        OutputScope.hours(TENTH_22H, ELEVENTH_1H)))
        .hasMessageContaining("no TIMESTAMP partition column");
  }

  @Test
  void theChecksumOfHoursSelectsThem() {
    String sql = RENDERER.checksum(TableName.of("analytics.hourly_page_views"),
        OutputScope.hours(TENTH_22H, ELEVENTH_1H), OptionalLong.of(42));

    TrinoGrammar.parse(sql, Query.class);
    assertThat(sql).contains("FOR VERSION AS OF 42")
        .contains("WHERE \"view_hour\" BETWEEN TIMESTAMP '2024-01-10 22:00:00' AND TIMESTAMP"
            + " '2024-01-11 01:00:00'");
  }

  @Test
  void anHourScopeStartsOnTheHourAndIsBounded() {
    assertThatThrownBy(() -> OutputScope.hours(TENTH_22H.plusMinutes(30), ELEVENTH_1H))
        .hasMessageContaining("must start on the hour");
    assertThatThrownBy(() -> OutputScope.hours(ELEVENTH_1H, TENTH_22H))
        .hasMessageContaining("is after last");
    assertThatThrownBy(() -> OutputScope.hours(TENTH_22H, LocalDate.of(2024, 3, 1).atStartOfDay()))
        .hasMessageContaining("at most 744 per statement");
  }
}
