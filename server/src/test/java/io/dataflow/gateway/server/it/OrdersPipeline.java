package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The half-migrated pipeline of the bridge's integration tests: {@code <raw>.orders} of three days
 * written through Trino by an ingestion DAG still in Airflow, the dataflow's daily amounts of them,
 * and a reporting DAG still in Airflow scheduled on those amounts.
 */
final class OrdersPipeline {

  private OrdersPipeline() {}

  /** Creates and fills {@code <rawSchema>.orders} and defines the dataflow's {@code daily} table from it. */
  static void define(SharedGateway gateway, String rawSchema, String daily, String taskId) throws SQLException {
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg." + rawSchema,
        "CREATE TABLE iceberg." + rawSchema + ".orders (order_id BIGINT, amount DECIMAL(12,2), day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO iceberg." + rawSchema + ".orders VALUES (1, 10.00, DATE '2024-01-10'), (2, 5.50, DATE '2024-01-10'),"
            + " (3, 7.25, DATE '2024-01-11'), (4, 1.00, DATE '2024-01-12')");
    DataflowDefinition.Result defined = gateway.dataflow().define(new DataflowDefinition(
        List.of(TaskDefinition.of(taskId, """
            DELETE FROM %1$s WHERE day = DATE '{{ ds }}';
            INSERT INTO %1$s
            SELECT day, SUM(amount) AS total, COUNT(*) AS orders FROM %2$s.orders WHERE day = DATE '{{ ds }}' GROUP BY day"""
            .formatted(daily, rawSchema), Dialect.TRINO)),
        List.of(new TableSchema(TableName.of(daily),
            List.of(new ColumnSchema("day", "DATE"), new ColumnSchema("total", "DECIMAL(18,2)"), new ColumnSchema("orders", "BIGINT")),
            List.of("day")))));
    assertThat(defined.rejected()).isEmpty();
  }

  /** The reporting DAG, scheduled on the dataset/asset {@code dailyUri}. */
  static LegacyDag report(String dailyUri) {
    return new LegacyDag("orders_report", Optional.of("dags/orders_report.py"), Optional.empty(), List.of("finance"),
        List.of(), false, new Schedule.DatasetTriggered(dailyUri), Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(),
        false, Optional.empty(), Map.of(), List.of(), List.of(), List.of(dailyUri));
  }

  /** The events the bridge received since {@code after}, as "uri outcome partitions_from partitions", oldest first. */
  static List<String> received(javax.sql.DataSource database, long after) throws java.sql.SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (java.sql.Connection c = database.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT uri, outcome, partitions_from, partitions FROM airflow_received_events"
            + " WHERE received_id > " + after + " ORDER BY event_timestamp")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return rows;
  }

  /** The ids of the dataflow's runs of {@code daily} so far. */
  static java.util.Set<String> runIds(io.dataflow.gateway.server.dataflow.DataflowRuntime dataflow, String daily) {
    return dataflow.runs(Optional.of(daily), Optional.empty(), 500).stream()
        .map(io.dataflow.gateway.server.dataflow.RunRecord::runId).collect(java.util.stream.Collectors.toSet());
  }

  /** The dataflow's runs of {@code daily} that are not among {@code before}. */
  static List<io.dataflow.gateway.server.dataflow.RunRecord> runsSince(io.dataflow.gateway.server.dataflow.DataflowRuntime dataflow,
      String daily, java.util.Set<String> before) {
    return dataflow.runs(Optional.of(daily), Optional.empty(), 500).stream().filter(r -> !before.contains(r.runId())).toList();
  }

  /** The POSTs {@code airflow} received on {@code path}. */
  static List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> posts(com.github.tomakehurst.wiremock.WireMockServer airflow, String path) {
    return airflow.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().startsWith(path))
        .toList();
  }
}
