package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.EcommerceExample;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.render.ExecutionRenderer;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.annotator.render.Transform;
import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.TrinoClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e-commerce example's SQL, rendered by the annotator as one-statement partition replacements,
 * run on the real Trino against Iceberg tables in the gateway's catalog: each run is exactly one
 * snapshot that changes exactly its partitions, a rerun yields the same rows, and the checksum
 * tells a changed partition from an unchanged one.
 */
class PartitionReplaceIT {

  private static final String DAILY = EcommerceExample.DAILY_CUSTOMER_TOTALS;
  private static final String WEEKLY = EcommerceExample.WEEKLY_CUSTOMER_TOTALS;
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 4);
  private static final LocalDate LAST = LocalDate.of(2024, 1, 11);
  private static final LocalDate TENTH = LocalDate.of(2024, 1, 10);
  private static final TableName DAILY_TABLE = TableName.of("analytics.daily_customer_totals");

  private static SharedGateway gateway;
  private static TrinoClient trino;
  private static ExecutionRenderer renderer;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    trino = new TrinoClient(gateway.trinoJdbcUrl(), "it", 2, Map.of());
    renderer = ExecutionRenderer.create(
        EcommerceExample.SCHEMA,
        legacy -> new TableName(List.of("iceberg", "replace_" + legacy.parts().get(0), legacy.table())));
    gateway.trinoExecute(
        "CREATE SCHEMA iceberg.replace_raw",
        "CREATE SCHEMA iceberg.replace_analytics",
        "CREATE TABLE iceberg.replace_raw.transactions (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2),"
            + " event_time TIMESTAMP(6), day DATE) WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE iceberg.replace_analytics.daily_customer_totals (customer_id BIGINT, day DATE,"
            + " total DECIMAL(18,2), txn_count BIGINT) WITH (partitioning = ARRAY['day'])",
        "CREATE TABLE iceberg.replace_analytics.weekly_customer_totals (customer_id BIGINT, day DATE,"
            + " total_7d DECIMAL(18,2)) WITH (partitioning = ARRAY['day'])",
        // 15,000 transactions of 50 customers over eight days
        "INSERT INTO iceberg.replace_raw.transactions SELECT orderkey, custkey % 50, CAST(totalprice AS DECIMAL(12,2)),"
            + " CAST(orderdate AS TIMESTAMP(6)), DATE '2024-01-04' + (orderkey % 8) * INTERVAL '1' DAY FROM tpch.tiny.orders");
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      run(DAILY, OutputScope.day(day));
    }
  }

  @AfterAll
  static void tearDown() {
    trino.close();
  }

  @Test
  void eachReplacementIsOneSnapshotOfExactlyItsPartitionsAndRerunsAreIdempotent() throws Exception {
    // the eight daily runs of setUp, in order, one snapshot each
    List<RecordedEvent> events = SnapshotEventsIT.awaitDelivered("replace_analytics.daily_customer_totals", 8);
    assertThat(events).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(events.get(i).event().changedPartitions()).extracting(ChangedPartition::path)
          .containsExactly("day=" + FIRST.plusDays(i));
    }
    assertThat(differencesFromDirectComputation()).isZero();
    Map<String, Long> before = checksums();

    run(DAILY, OutputScope.day(TENTH));

    List<RecordedEvent> rerun = SnapshotEventsIT.awaitDelivered("replace_analytics.daily_customer_totals", 9);
    assertThat(rerun).hasSize(9);
    assertThat(rerun.getLast().event().changedPartitions()).extracting(ChangedPartition::path).containsExactly("day=2024-01-10");
    assertThat(count("SELECT count(*) FROM iceberg.replace_analytics.daily_customer_totals WHERE day = DATE '2024-01-10'"))
        .as("a rerun does not duplicate rows")
        .isEqualTo(count("SELECT count(DISTINCT customer_id) FROM iceberg.replace_raw.transactions WHERE day = DATE '2024-01-10'"));
    assertThat(checksums()).as("a rerun over unchanged inputs yields the same contents").isEqualTo(before);

    gateway.trinoExecute("UPDATE iceberg.replace_raw.transactions SET amount = amount + 1 WHERE day = DATE '2024-01-10' AND customer_id = 7");
    run(DAILY, OutputScope.day(TENTH));

    Map<String, Long> after = checksums();
    assertThat(after.get("2024-01-10")).isNotEqualTo(before.get("2024-01-10"));
    after.remove("2024-01-10");
    before.remove("2024-01-10");
    assertThat(after).as("other partitions are untouched").isEqualTo(before);
    assertThat(differencesFromDirectComputation()).isZero();
  }

  @Test
  void aRangeOfRollingWindowsIsOneStatementAndOneSnapshot() throws Exception {
    QueryResult result = run(WEEKLY, OutputScope.days(TENTH, LAST));

    List<RecordedEvent> events = SnapshotEventsIT.awaitDelivered("replace_analytics.weekly_customer_totals", 1);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.event().changedPartitions()).extracting(ChangedPartition::path)
          .containsExactly("day=2024-01-10", "day=2024-01-11");
      assertThat(e.event().summary()).containsEntry("trino_query_id", result.queryId());
    });
    assertThat(count("""
        SELECT count(*) FROM (
          (SELECT customer_id, day, total_7d FROM iceberg.replace_analytics.weekly_customer_totals
           EXCEPT
           SELECT customer_id, d.day, sum(total) FROM iceberg.replace_analytics.daily_customer_totals t
           JOIN (VALUES DATE '2024-01-10', DATE '2024-01-11') AS d(day)
             ON t.day BETWEEN d.day - INTERVAL '6' DAY AND d.day
           GROUP BY customer_id, d.day))""")).isZero();
  }

  private static QueryResult run(String template, OutputScope scope) {
    QueryResult result = trino.execute(renderer.replace(Transform.of(template, Dialect.TRINO), scope), List.of(), Duration.ofMinutes(2));
    assertThat(result.statistics().queryId()).isNotEmpty();
    return result;
  }

  private static Map<String, Long> checksums() {
    QueryResult result = trino.execute(
        renderer.checksum(DAILY_TABLE, OutputScope.days(FIRST, LAST), OptionalLong.empty()), List.of(), Duration.ofMinutes(1));
    Map<String, Long> checksums = new TreeMap<>();
    for (List<Object> row : result.rows()) {
      checksums.put(String.valueOf(row.get(0)), ((Number) row.get(2)).longValue());
    }
    assertThat(checksums).hasSize(8);
    return checksums;
  }

  private static long differencesFromDirectComputation() {
    return count("""
        SELECT count(*) FROM (
          (SELECT customer_id, day, total, txn_count FROM iceberg.replace_analytics.daily_customer_totals
           EXCEPT
           SELECT customer_id, day, sum(amount), count(*) FROM iceberg.replace_raw.transactions GROUP BY customer_id, day)
          UNION ALL
          (SELECT customer_id, day, sum(amount), count(*) FROM iceberg.replace_raw.transactions GROUP BY customer_id, day
           EXCEPT
           SELECT customer_id, day, total, txn_count FROM iceberg.replace_analytics.daily_customer_totals))""");
  }

  private static long count(String sql) {
    return ((Number) trino.execute(sql, List.of(), Duration.ofMinutes(1)).rows().getFirst().getFirst()).longValue();
  }
}
