package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.server.metrics.PrometheusExposition;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin port serves the gateway's metrics as Prometheus exposition, and they move with activity. */
class MetricsIT {

  private static final String EVENTS = "dataflow_gateway_snapshot_events_total";

  private static SharedGateway gateway;

  @BeforeAll
  static void start() {
    gateway = SharedGateway.get();
  }

  @Test
  void aCommitThroughTrinoIsCountedAndTheScrapeParsesAsExposition() throws Exception {
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.metrics_it",
        "CREATE TABLE IF NOT EXISTS iceberg.metrics_it.orders (id BIGINT, day DATE) WITH (partitioning = ARRAY['day'])");
    double before = scrape().get(EVENTS);

    gateway.trinoExecute("INSERT INTO iceberg.metrics_it.orders VALUES (1, DATE '2024-03-01')");

    Map<String, Double> after = scrape();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (after.get(EVENTS) <= before && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = scrape();
    }
    assertThat(after.get(EVENTS)).as("snapshot events after an INSERT").isGreaterThan(before);
    assertThat(after).containsKeys(
        "dataflow_gateway_partitions{state=\"stale\"}",
        "dataflow_gateway_partitions{state=\"fresh\"}",
        "dataflow_gateway_tasks_in_flight",
        "dataflow_gateway_tasks_pending",
        "dataflow_gateway_trino_query_seconds_bucket{le=\"+Inf\"}",
        "dataflow_gateway_commit_to_dispatch_seconds_count",
        "dataflow_gateway_task_runs_total{outcome=\"retried\"}",
        "dataflow_gateway_fallback_runs_total{outcome=\"failed\"}");
  }

  /** The metrics as a Prometheus server would read them; the parser fails on any invalid line. */
  private static Map<String, Double> scrape() {
    HttpResponse<String> response = gateway.get(gateway.adminPort(), "/metrics/prometheus");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
    return PrometheusExposition.parse(response.body());
  }
}
