package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.Transition;
import io.dataflow.gateway.server.dataflow.DataflowDefinition;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.server.dataflow.TaskDefinition;
import io.dataflow.gateway.server.fallback.FallbackAction;
import io.dataflow.gateway.server.fallback.FallbackException;
import io.dataflow.gateway.server.fallback.FallbackJob;
import io.dataflow.gateway.server.fallback.FallbackJobKey;
import io.dataflow.gateway.server.fallback.FallbackRun;
import io.dataflow.gateway.server.fallback.FallbackSchedule;
import io.dataflow.gateway.server.fallback.FallbackScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A task kept in the Quartz fallback that declares an input of the dataflow as its output: a shell
 * command that loads {@code fbo_raw.events} through Trino's HTTP protocol, as an ingestion script
 * would, while the dataflow computes {@code fbo_out.daily_amounts} from it. The fallback's runs are
 * real firings of the gateway's scheduler, with data intervals in January 2024; states are read over
 * the REST API and rows through Trino.
 */
class FallbackOutputsIT {

  private static final String DAG = "fbo_ingest";
  private static final String RAW = "fbo_raw.events";
  private static final String DAILY = "fbo_out.daily_amounts";
  private static final Duration SETTLE = Duration.ofMinutes(3);

  private static SharedGateway gateway;
  private static DataflowRuntime dataflow;
  private static FallbackScheduler fallback;
  private static PGSimpleDataSource database;
  private static GatewayWaits waits;
  private static String trinoHttp;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    dataflow = gateway.dataflow();
    fallback = gateway.fallback();
    database = new PGSimpleDataSource();
    database.setURL(gateway.databaseUrl());
    database.setUser("postgres");
    waits = new GatewayWaits(database, dataflow, SETTLE);
    URI jdbc = URI.create(gateway.trinoJdbcUrl().substring("jdbc:".length()));
    trinoHttp = "http://" + jdbc.getHost() + ":" + jdbc.getPort();
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg.fbo_raw",
        "CREATE TABLE iceberg.fbo_raw.events (event_id BIGINT, amount BIGINT, day DATE) WITH (partitioning = ARRAY['day'])",
        "INSERT INTO iceberg.fbo_raw.events VALUES (1, 10, DATE '2024-01-09'), (2, 5, DATE '2024-01-09')");
    DataflowDefinition.Result defined = dataflow.define(new DataflowDefinition(
        List.of(TaskDefinition.of("fbo_pipeline.daily_amounts", """
            DELETE FROM fbo_out.daily_amounts WHERE day = DATE '{{ ds }}';
            INSERT INTO fbo_out.daily_amounts
            SELECT day, SUM(amount) AS total, COUNT(*) AS events FROM fbo_raw.events WHERE day = DATE '{{ ds }}' GROUP BY day""",
            Dialect.TRINO)),
        List.of(new TableSchema(TableName.of(DAILY),
            List.of(new ColumnSchema("day", "DATE"), new ColumnSchema("total", "BIGINT"), new ColumnSchema("events", "BIGINT")),
            List.of("day")))));
    assertThat(defined.rejected()).isEmpty();
    waits.settled();
    assertThat(state(DAILY, "2024-01-09").path("state").asText()).isEqualTo("FRESH");
  }

  @Test
  void aRunThatLoadsItsDayThroughTheCatalogRunsTheDownstreamDayOnceAndIsRecordedAsItsCause() throws Exception {
    FallbackJobKey key = new FallbackJobKey(DAG, "load_day");
    FallbackRun run = runToEnd(new FallbackJob(key, dailyOn("2024-01-10"),
        loadEvents("(101, 40, DATE '{{ ds }}'), (102, 2, DATE '{{ ds }}')"), List.of(RAW)));
    assertThat(run.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    assertThat(run.interval().start()).isEqualTo(Instant.parse("2024-01-10T00:00:00Z"));
    waits.settled();

    assertThat(state(RAW, "2024-01-10").path("state").asText()).isEqualTo("FRESH");
    JsonNode daily = state(DAILY, "2024-01-10");
    assertThat(daily.path("state").asText()).isEqualTo("FRESH");
    gateway.assertSameRows("(SELECT * FROM iceberg.fbo_out.daily_amounts WHERE day <= DATE '2024-01-10')", "day, total, events",
        "VALUES (DATE '2024-01-09', BIGINT '15', BIGINT '2'), (DATE '2024-01-10', BIGINT '42', BIGINT '2')");
    // the commit's event and the run's outcome named the same snapshot: one run of the day, not two
    assertThat(runsOf("2024-01-10")).hasSize(1);
    assertThat(history(RAW, "2024-01-10")).extracting(Transition::cause)
        .contains(new Cause.FallbackRun(key.toString(), run.runId()));
  }

  @Test
  void aFailedRunBlocksTheDownstreamDayAndALaterSuccessfulRunOfTheDayUnblocksIt() throws Exception {
    FallbackJobKey key = new FallbackJobKey(DAG, "load_late_day");
    FallbackRun failed = runToEnd(new FallbackJob(key, onceAt("2024-01-11T06:00:00Z"),
        shell("echo 'export of 2024-01-11 not found' >&2; exit 3"), List.of(RAW)));
    assertThat(failed.state()).isEqualTo(FallbackRun.State.FAILED);
    waits.until("the failure reached the dataflow", () -> "FAILED".equals(state(RAW, "2024-01-11").path("state").asText()));

    JsonNode raw = state(RAW, "2024-01-11");
    assertThat(raw.path("error").asText())
        .contains("Fallback run " + failed.runId() + " of " + key)
        .contains("exited with code 3");
    JsonNode blocked = state(DAILY, "2024-01-11");
    assertThat(blocked.path("state").asText()).isEqualTo("BLOCKED");
    assertThat(blocked.path("detail").asText()).isEqualTo("blocked by the failed partition " + RAW + " 2024-01-11");
    JsonNode impact = gateway.getJson("/api/v1/datasets/" + RAW + "/impact?partition=2024-01-11");
    assertThat(impact.path("affected")).anySatisfy(p -> {
      assertThat(p.path("dataset").asText()).isEqualTo(DAILY);
      assertThat(p.path("state").asText()).isEqualTo("BLOCKED");
    });
    // what the failure does not concern is untouched
    assertThat(state(RAW, "2024-01-09").path("state").asText()).isEqualTo("FRESH");
    assertThat(state(DAILY, "2024-01-09").path("state").asText()).isEqualTo("FRESH");
    assertThat(runsOf("2024-01-11")).isEmpty();

    FallbackRun succeeded = runToEnd(new FallbackJob(key, onceAt("2024-01-11T18:00:00Z"),
        loadEvents("(201, 7, DATE '2024-01-11'), (202, 8, DATE '2024-01-11'), (203, 9, DATE '2024-01-11')"), List.of(RAW)));
    assertThat(succeeded.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    waits.settled();

    assertThat(state(RAW, "2024-01-11").path("state").asText()).isEqualTo("FRESH");
    assertThat(state(RAW, "2024-01-11").path("error").isTextual()).as("error of a fresh partition").isFalse();
    assertThat(state(DAILY, "2024-01-11").path("state").asText()).isEqualTo("FRESH");
    assertThat(gateway.trinoLong("SELECT total FROM iceberg.fbo_out.daily_amounts WHERE day = DATE '2024-01-11'")).isEqualTo(24);
    assertThat(gateway.trinoLong("SELECT events FROM iceberg.fbo_out.daily_amounts WHERE day = DATE '2024-01-11'")).isEqualTo(3);
    assertThat(runsOf("2024-01-11")).hasSize(1);
    assertThat(history(DAILY, "2024-01-11")).extracting(Transition::cause)
        .contains(new Cause.FallbackRun(key.toString(), failed.runId()));
  }

  @Test
  void aSuccessfulRunThatChangedNothingUnblocksTheDownstreamWithoutRecomputingIt() throws Exception {
    FallbackJobKey key = new FallbackJobKey(DAG, "check_day");
    List<JsonNode> before = runsOf("2024-01-09");
    FallbackRun failed = runToEnd(new FallbackJob(key, onceAt("2024-01-09T06:00:00Z"), shell("exit 3"), List.of(RAW)));
    assertThat(failed.state()).isEqualTo(FallbackRun.State.FAILED);
    waits.until("the fresh day blocked", () -> "BLOCKED".equals(state(DAILY, "2024-01-09").path("state").asText()));

    FallbackRun succeeded = runToEnd(new FallbackJob(key, onceAt("2024-01-09T18:00:00Z"), shell("echo checked"), List.of(RAW)));
    assertThat(succeeded.state()).isEqualTo(FallbackRun.State.SUCCEEDED);
    waits.until("the day unblocked", () -> "FRESH".equals(state(DAILY, "2024-01-09").path("state").asText()));
    waits.settled();

    assertThat(state(RAW, "2024-01-09").path("state").asText()).isEqualTo("FRESH");
    assertThat(runsOf("2024-01-09")).hasSameSizeAs(before);
    assertThat(gateway.trinoLong("SELECT total FROM iceberg.fbo_out.daily_amounts WHERE day = DATE '2024-01-09'")).isEqualTo(15);
    List<Transition> raw = history(RAW, "2024-01-09");
    assertThat(raw.getLast().cause()).isEqualTo(new Cause.FallbackRun(key.toString(), succeeded.runId()));
  }

  // ---- fixtures ------------------------------------------------------------------------------

  /** Schedules {@code job}, waits for its single run to end, and takes the job off the schedule. */
  private static FallbackRun runToEnd(FallbackJob job) throws InterruptedException {
    fallback.schedule(job);
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Instant logicalDate = job.schedule().startDate().orElseThrow();
    while (true) {
      Optional<FallbackRun> run = fallback.runs(job.key()).stream()
          .filter(r -> !r.logicalDate().isBefore(logicalDate) && r.finishedAt().isPresent())
          .findFirst();
      if (run.isPresent()) {
        takeOff(job.key());
        return run.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Fallback job " + job.key() + " did not run within " + SETTLE + ": " + fallback.runs(job.key()));
      }
      Thread.sleep(200);
    }
  }

  /**
   * Takes a job off the schedule. A job whose trigger fired for the last time leaves it by itself, and
   * Quartz refuses to delete it while it is removing the finished trigger: then it is tried again.
   */
  private static void takeOff(FallbackJobKey key) throws InterruptedException {
    for (int attempt = 1; fallback.job(key).isPresent(); attempt++) {
      try {
        fallback.unschedule(key);
      } catch (FallbackException e) {
        if (attempt == 25) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** A single run of the day {@code day}: a one-day timedelta from that day that ends with it, catching up. */
  private static FallbackSchedule dailyOn(String day) {
    Instant start = Instant.parse(day + "T00:00:00Z");
    return new FallbackSchedule(DAG, new Schedule.Timedelta(Duration.ofDays(1)), ZoneOffset.UTC, Optional.of(start), Optional.of(start), true);
  }

  private static FallbackSchedule onceAt(String instant) {
    return new FallbackSchedule(DAG, new Schedule.Preset("@once"), ZoneOffset.UTC, Optional.of(Instant.parse(instant)), Optional.empty(), false);
  }

  private static FallbackAction.ShellCommand shell(String command) {
    return new FallbackAction.ShellCommand(command, Map.of("TRINO_URL", trinoHttp), Optional.empty(), Duration.ofSeconds(60));
  }

  /** A shell command that inserts {@code values} into the raw table through Trino's client protocol, with curl. */
  private static FallbackAction.ShellCommand loadEvents(String values) {
    return shell("""
        set -eu
        response=$(curl -sS -X POST -H 'X-Trino-User: ingest' --data "INSERT INTO iceberg.fbo_raw.events VALUES %s" "$TRINO_URL/v1/statement")
        while next=$(printf '%%s' "$response" | sed -n 's/.*"nextUri":"\\([^"]*\\)".*/\\1/p'); [ -n "$next" ]; do
          response=$(curl -sS -H 'X-Trino-User: ingest' "$next")
        done
        if printf '%%s' "$response" | grep -q '"error"'; then echo "$response" >&2; exit 1; fi
        echo loaded
        """.formatted(values));
  }

  /** The partition {@code partition} of {@code dataset} as {@code GET /datasets/{id}/partitions} lists it. */
  private static JsonNode state(String dataset, String partition) {
    JsonNode page = gateway.getJson("/api/v1/datasets/" + dataset + "/partitions?limit=500");
    return StreamSupport.stream(page.path("items").spliterator(), false)
        .filter(p -> p.path("partition").asText().equals(partition))
        .findFirst()
        .orElseThrow(() -> new AssertionError(dataset + " has no partition " + partition + ": " + page));
  }

  /** The dataflow's runs of {@code fbo_out.daily_amounts} that wrote {@code day}, from {@code GET /runs}. */
  private static List<JsonNode> runsOf(String day) {
    JsonNode page = gateway.getJson("/api/v1/runs?dataset=" + DAILY + "&limit=500");
    List<JsonNode> runs = new ArrayList<>();
    page.path("items").forEach(r -> {
      if (StreamSupport.stream(r.path("partitions").spliterator(), false).anyMatch(p -> p.asText().equals(day))) {
        runs.add(r);
      }
    });
    return runs;
  }

  private static List<Transition> history(String dataset, String day) {
    return dataflow.history(new PartitionRef(DatasetId.of(dataset), PartitionKey.day(day)));
  }

}
