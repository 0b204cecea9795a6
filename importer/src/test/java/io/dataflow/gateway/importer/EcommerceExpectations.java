package io.dataflow.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every source (Airflow 2, Airflow 3, snapshots) must yield for the three fixture DAGs. */
final class EcommerceExpectations {

    static final String DAILY_URI = "trino://trino:8080/iceberg/analytics/daily_customer_totals";

    static final String DAILY_SQL = """
            DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';
            INSERT INTO analytics.daily_customer_totals
            SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count
            FROM raw.transactions
            WHERE day = DATE '{{ ds }}'
            GROUP BY customer_id""";

    static final String WEEK_OVER_WEEK_SQL = """
            DELETE FROM analytics.week_over_week WHERE day = DATE '{{ ds }}';
            INSERT INTO analytics.week_over_week
            SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,
                   cur.total_7d - COALESCE(prev.total_7d, 0) AS change
            FROM analytics.weekly_customer_totals cur
            LEFT JOIN analytics.weekly_customer_totals prev
              ON prev.customer_id = cur.customer_id AND prev.day = DATE '{{ macros.ds_add(ds, -7) }}'
            WHERE cur.day = DATE '{{ ds }}'""";

    private EcommerceExpectations() {
    }

    static void assertAllThree(ImportResult result) {
        assertThat(result.failures()).isEmpty();
        assertThat(result.dags()).extracting(LegacyDag::dagId)
                .containsExactly("customer_segments", "ecommerce_daily", "ops_maintenance");
        assertEcommerceDaily(result.dag("ecommerce_daily").orElseThrow());
        assertOpsMaintenance(result.dag("ops_maintenance").orElseThrow());
        assertCustomerSegments(result.dag("customer_segments").orElseThrow());
    }

    static void assertEcommerceDaily(LegacyDag dag) {
        assertThat(dag.schedule()).isEqualTo(new Schedule.Preset("@daily"));
        assertThat(dag.startDate()).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(dag.catchup()).isTrue();
        assertThat(dag.paused()).isFalse();
        assertThat(dag.maxActiveRuns()).contains(1);
        assertThat(dag.owners()).containsExactly("data-eng");
        assertThat(dag.tags()).containsExactly("ecommerce", "finance");
        assertThat(dag.params()).isEqualTo(Map.of("notify_channel", "\"#finance\""));
        assertThat(dag.fileLocation()).contains("/opt/airflow/dags/ecommerce_daily.py");
        assertThat(dag.producedDatasets()).containsExactly(DAILY_URI);
        assertThat(dag.tasks()).extracting(LegacyTask::taskId).containsExactly("customer_lifetime_value",
                "daily_customer_totals", "notify_finance", "week_over_week", "weekly_customer_totals");

        LegacyTask daily = dag.task("daily_customer_totals").orElseThrow();
        assertThat(daily.operator()).isEqualTo("airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator");
        assertThat(daily.downstreamTaskIds()).containsExactly("customer_lifetime_value", "weekly_customer_totals");
        assertThat(daily.retries()).isEqualTo(2);
        assertThat(daily.retryDelay()).contains(Duration.ofMinutes(5));
        assertThat(daily.connectionId()).contains("trino_default");
        assertThat(daily.outlets()).containsExactly(DAILY_URI);
        assertThat(daily.sql()).contains(new RecoveredSql(List.of(DAILY_SQL), SqlOrigin.DAG_SOURCE, 1.0, 1));

        RecoveredSql weekly = (RecoveredSql) dag.task("weekly_customer_totals").orElseThrow().sql().orElseThrow();
        assertThat(weekly.origin()).isEqualTo(SqlOrigin.DAG_SOURCE);
        assertThat(weekly.text()).contains("DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'");

        RecoveredSql clv = (RecoveredSql) dag.task("customer_lifetime_value").orElseThrow().sql().orElseThrow();
        assertThat(clv.text()).startsWith("CREATE OR REPLACE TABLE analytics.customer_lifetime_value AS\nSELECT");

        // kept in sql/week_over_week.sql: only the rendered SQL of the three runs shows it
        RecoveredSql wow = (RecoveredSql) dag.task("week_over_week").orElseThrow().sql().orElseThrow();
        assertThat(wow.origin()).isEqualTo(SqlOrigin.DE_RENDERED);
        assertThat(wow.statements()).containsExactly(WEEK_OVER_WEEK_SQL);
        assertThat(wow.evidence()).isEqualTo(3);
        assertThat(wow.confidence()).isEqualTo(0.75);

        LegacyTask notify = dag.task("notify_finance").orElseThrow();
        assertThat(notify.operator()).isEqualTo("airflow.providers.standard.operators.python.PythonOperator");
        assertThat(notify.sql()).isEmpty();
        assertThat(notify.command()).isEmpty();
    }

    static void assertOpsMaintenance(LegacyDag dag) {
        assertThat(dag.schedule()).isEqualTo(new Schedule.Cron("0 3 * * *", ZoneId.of("Europe/Paris")));
        assertThat(dag.paused()).isTrue();
        assertThat(dag.catchup()).isFalse();
        LegacyTask vacuum = dag.task("vacuum_logs").orElseThrow();
        assertThat(vacuum.operator()).isEqualTo("airflow.providers.standard.operators.bash.BashOperator");
        assertThat(vacuum.pool()).contains("maintenance");
        assertThat(vacuum.executionTimeout()).contains(Duration.ofHours(1));
        assertThat(vacuum.retryDelay()).contains(Duration.ofMinutes(10));
        // a BashOperator's command is recovered like SQL: here a literal in the DAG file
        assertThat(vacuum.sql()).isEmpty();
        assertThat(vacuum.command()).contains(new RecoveredSql(List.of("find /var/log/etl -mtime +30 -delete"), SqlOrigin.DAG_SOURCE, 1.0, 1));
        assertThat(dag.task("report").orElseThrow().command()).isEmpty();
        assertThat(dag.task("wait_for_export").orElseThrow().operator())
                .isEqualTo("airflow.providers.standard.sensors.filesystem.FileSensor");
        assertThat(dag.task("report").orElseThrow().triggerRule()).isEqualTo("all_done");
    }

    static void assertCustomerSegments(LegacyDag dag) {
        assertThat(dag.schedule()).isEqualTo(new Schedule.DatasetTriggered(DAILY_URI));
        assertThat(dag.consumedDatasets()).containsExactly(DAILY_URI);
        RecoveredSql sql = (RecoveredSql) dag.task("refresh_segments").orElseThrow().sql().orElseThrow();
        // sql= is an f-string in the source, so it came from the two rendered runs
        assertThat(sql.origin()).isEqualTo(SqlOrigin.DE_RENDERED);
        assertThat(sql.text()).contains("updated_at >= TIMESTAMP '{{ data_interval_start }}'"
                + " AND updated_at < TIMESTAMP '{{ data_interval_end }}'");
        assertThat(sql.confidence()).isEqualTo(0.5);
    }

    static Optional<SqlUnavailable> unavailable(LegacyTask task) {
        return task.sql().filter(SqlUnavailable.class::isInstance).map(SqlUnavailable.class::cast);
    }
}
