package io.dataflow.gateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.server.fallback.DataInterval;
import io.dataflow.gateway.server.fallback.FallbackOutcome;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import io.dataflow.gateway.server.fallback.FallbackOutcomeListener;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private static final DatasetId SALES = DatasetId.of("analytics.daily_sales");
  private static final PartitionKey JAN_1 = PartitionKey.day(LocalDate.parse("2024-01-01"));
  private static final PartitionKey JAN_2 = PartitionKey.day(LocalDate.parse("2024-01-02"));
  private static final Instant T0 = Instant.parse("2024-02-01T10:00:00Z");

  private final GatewayMetrics metrics =
      new GatewayMetrics(() -> Map.of(PartitionState.Kind.STALE, 3L, PartitionState.Kind.FRESH, 40L));

  @Test
  void everyPartitionStateIsReportedAndStatesWithoutPartitionsAreZero() {
    Map<String, Double> samples = PrometheusExposition.parse(metrics.scrape());

    assertThat(samples)
        .containsEntry("dataflow_gateway_partitions{state=\"stale\"}", 3.0)
        .containsEntry("dataflow_gateway_partitions{state=\"fresh\"}", 40.0)
        .containsEntry("dataflow_gateway_partitions{state=\"waiting_for_data\"}", 0.0);
    assertThat(samples.keySet().stream().filter(k -> k.startsWith("dataflow_gateway_partitions{")))
        .hasSize(PartitionState.Kind.values().length);
  }

  @Test
  void dispatchMeasuresFromTheNewestCommitThatMadeThePartitionsStale() {
    metrics.partitionsStale(List.of(new PartitionRef(SALES, JAN_1)), T0);
    metrics.partitionsStale(List.of(new PartitionRef(SALES, JAN_1), new PartitionRef(SALES, JAN_2)), T0.plusSeconds(20));

    metrics.taskDispatched(SALES, List.of(JAN_1, JAN_2), T0.plusSeconds(23));
    // a second dispatch of the same partitions (a retry) has no new commit to measure from
    metrics.taskDispatched(SALES, List.of(JAN_1, JAN_2), T0.plusSeconds(90));

    Map<String, Double> samples = PrometheusExposition.parse(metrics.scrape());
    assertThat(samples)
        .containsEntry("dataflow_gateway_commit_to_dispatch_seconds_count", 1.0)
        .containsEntry("dataflow_gateway_commit_to_dispatch_seconds_sum", 3.0)
        .containsEntry("dataflow_gateway_commit_to_dispatch_seconds_bucket{le=\"2.5\"}", 0.0)
        .containsEntry("dataflow_gateway_commit_to_dispatch_seconds_bucket{le=\"5.0\"}", 1.0);
  }

  @Test
  void tasksArePendingUntilAWorkerTakesThemAndInFlightUntilTheyEnd() {
    metrics.taskDispatched(SALES, List.of(JAN_1), T0);
    metrics.taskDispatched(SALES, List.of(JAN_2), T0);
    metrics.taskStarted();

    Map<String, Double> samples = PrometheusExposition.parse(metrics.scrape());
    assertThat(samples).containsEntry("dataflow_gateway_tasks_pending", 1.0).containsEntry("dataflow_gateway_tasks_in_flight", 2.0);

    metrics.taskEnded();
    assertThat(PrometheusExposition.parse(metrics.scrape())).containsEntry("dataflow_gateway_tasks_in_flight", 1.0);
  }

  @Test
  void runOutcomesAndQueryTimesAreCounted() {
    metrics.taskRun(GatewayMetrics.TaskOutcome.SUCCEEDED);
    metrics.taskRun(GatewayMetrics.TaskOutcome.RETRIED);
    metrics.taskRun(GatewayMetrics.TaskOutcome.RETRIED);
    metrics.trinoQuery(Duration.ofMillis(1500));
    metrics.snapshotEventReceived();

    Map<String, Double> samples = PrometheusExposition.parse(metrics.scrape());
    assertThat(samples)
        .containsEntry("dataflow_gateway_task_runs_total{outcome=\"succeeded\"}", 1.0)
        .containsEntry("dataflow_gateway_task_runs_total{outcome=\"failed\"}", 0.0)
        .containsEntry("dataflow_gateway_task_runs_total{outcome=\"retried\"}", 2.0)
        .containsEntry("dataflow_gateway_trino_query_seconds_bucket{le=\"1.0\"}", 0.0)
        .containsEntry("dataflow_gateway_trino_query_seconds_bucket{le=\"2.5\"}", 1.0)
        .containsEntry("dataflow_gateway_trino_query_seconds_sum", 1.5)
        .containsEntry("dataflow_gateway_snapshot_events_total", 1.0);
  }

  @Test
  void fallbackOutcomesAreCountedAndStillReachTheNextListener() {
    List<String> told = new ArrayList<>();
    FallbackOutcomeListener listener = metrics.countingFallbackRuns(new FallbackOutcomeListener() {
      @Override
      public void succeeded(FallbackOutcome outcome) {
        told.add("succeeded " + outcome.runId());
      }

      @Override
      public void failed(FallbackOutcome outcome) {
        told.add("failed " + outcome.runId());
      }
    });

    listener.succeeded(outcome(1, Optional.empty()));
    listener.failed(outcome(2, Optional.of("exit code 1")));
    listener.failed(outcome(3, Optional.of("exit code 1")));

    assertThat(told).containsExactly("succeeded 1", "failed 2", "failed 3");
    assertThat(PrometheusExposition.parse(metrics.scrape()))
        .containsEntry("dataflow_gateway_fallback_runs_total{outcome=\"succeeded\"}", 1.0)
        .containsEntry("dataflow_gateway_fallback_runs_total{outcome=\"failed\"}", 2.0);
  }

  private static FallbackOutcome outcome(long runId, Optional<String> error) {
    return new FallbackOutcome(runId, new FallbackJobKey("ecommerce_daily", "export_report"), new DataInterval(T0, T0.plusSeconds(86_400)),
        List.of(), error);
  }
}
