package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Reaction: a day of {@code raw.transactions} restated through Trino (one {@code UPDATE}, one
 * snapshot) while the gateway is idle, then the time from the snapshot's commit to the first
 * downstream task dispatched and to the whole cascade settled. Each sample is cut into the stages
 * the time went through, each end read where the gateway itself records it.
 */
final class ReactionBenchmark {

  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(10);

  /**
   * One restatement, every figure in milliseconds from the snapshot's commit time.
   *
   * @param recorded the outbox row's {@code recorded_at} (the catalog's commit and event recording)
   * @param markedStale the dataflow logged the downstream stale (after the planner's {@code onSnapshot})
   * @param dispatched {@code started_at} of the first run of the restated day's daily partition
   * @param submitted Trino's {@code created} time of the first query the gateway sent for that run (its
   *     {@code system.runtime.queries}, the gateway's queries being those of source {@code dataflow-gateway})
   * @param runRecorded the dataflow logged that run as started (its {@code dataflow_runs} row is written beside it)
   * @param settled the last run of the cascade finished
   * @param runs runs in the cascade
   */
  record Sample(String day, long snapshotId, long recorded, long markedStale, long dispatched,
      long submitted, long runRecorded, long settled, int runs) {}

  /**
   * Every sample and the percentiles of each stage; {@code warmUp} are the restatements handled before the timed ones, in
   * the order they ran (their commit → dispatch, as the timed ones).
   */
  record Result(int restatements, long seed, List<Sample> warmUp, List<Sample> samples, Map<String, Percentiles> fromCommit,
      Map<String, Percentiles> stages, PostgresProbe.Result postgres) {
    Result {
      warmUp = List.copyOf(warmUp);
      samples = List.copyOf(samples);
      fromCommit = Map.copyOf(fromCommit);
      stages = Map.copyOf(stages);
    }
  }

  private final BenchGateway gateway;
  private final EcommerceFlow flow;
  private final RunLedger ledger;

  ReactionBenchmark(BenchGateway gateway, EcommerceFlow flow) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.flow = requireNonNull(flow, "flow is null");
    this.ledger = new RunLedger(gateway);
  }

  Result run(int warmUps, int restatements, long seed) throws SQLException, InterruptedException {
    Random random = new Random(seed);
    gateway.awaitSettled(SETTLE_LIMIT);
    List<Sample> warmUp = restatements(warmUps, random);
    List<Sample> samples = restatements(restatements, random);
    PostgresProbe.Result probe = new PostgresProbe(gateway).measure();
    return new Result(restatements, seed, warmUp, samples, fromCommit(samples), stages(samples), probe);
  }

  private List<Sample> restatements(int count, Random random) throws SQLException, InterruptedException {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // an idle gateway, caught at any point of its scheduling loop's one-second wait
      Thread.sleep(500 + random.nextInt(1_000));
      samples.add(restate(flow.day(1 + random.nextInt(flow.days()))));
    }
    return samples;
  }

  private Sample restate(LocalDate day) throws SQLException, InterruptedException {
    gateway.trinoExecute("UPDATE iceberg.raw.transactions SET amount = amount + 1 WHERE day = DATE '" + day + "'");
    // Nothing of the benchmark's own runs while the gateway reacts: on two cores, a PostgreSQL
    // connection opened now (a backend forked) would take its time from the reaction being measured.
    // The settle check waits first, and the event is read once the cascade settled (the gateway
    // writes no raw table, so the latest event of raw.transactions is still this UPDATE's).
    gateway.awaitSettled(SETTLE_LIMIT);
    Event event = latestEvent();
    List<RunLedger.Run> runs = ledger.since(event.committedAt());
    RunLedger.Run first = runs.stream()
        .filter(r -> r.dataset().equals(EcommerceFlow.DAILY) && r.partitions().contains(day.toString()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No run of " + EcommerceFlow.DAILY + "[" + day + "] after snapshot "
            + event.snapshotId() + " committed at " + event.committedAt()));
    Instant commit = event.committedAt();
    Instant settled = RunLedger.summarize(runs).lastFinishedAt().orElse(first.startedAt());
    return new Sample(day.toString(), event.snapshotId(),
        millis(commit, event.recordedAt()),
        millis(commit, gateway.logTimes().staleMarked(event.snapshotId())),
        millis(commit, first.startedAt()),
        millis(commit, firstQueryCreated(commit)),
        millis(commit, gateway.logTimes().runLogged(first.runId())),
        millis(commit, settled),
        runs.size());
  }

  /**
   * When Trino created the first query the gateway sent after {@code commit} that names the daily table: the first
   * downstream query (Trino stamps both the snapshot and the query, with its own clock). Read right after the cascade
   * settled, while Trino still keeps the query in its recent history.
   */
  private Optional<Instant> firstQueryCreated(Instant commit) throws SQLException {
    try (Connection trino = gateway.trino();
        java.sql.PreparedStatement query = trino.prepareStatement(
            "SELECT to_unixtime(min(created)) FROM system.runtime.queries"
                + " WHERE source = 'dataflow-gateway' AND created >= from_unixtime_nanos(?) AND strpos(query, ?) > 0")) {
      query.setLong(1, commit.getEpochSecond() * 1_000_000_000L + commit.getNano());
      query.setString(2, EcommerceFlow.DAILY.substring(EcommerceFlow.DAILY.indexOf('.') + 1));
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        double seconds = rs.getDouble(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Math.round(seconds * 1000)));
      }
    }
  }

  private static long millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000;
  }

  /** -1 when the moment was not observed. */
  private static long millis(Instant from, Optional<Instant> to) {
    return to.map(t -> millis(from, t)).orElse(-1L);
  }

  private record Event(long eventId, long snapshotId, Instant committedAt, Instant recordedAt) {}

  /** The outbox row of the latest snapshot of the raw table: it is written before the commit is acknowledged. */
  private Event latestEvent() throws SQLException {
    try (Connection db = gateway.postgres(); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT event_id, snapshot_id, committed_at, recorded_at FROM snapshot_events"
            + " WHERE table_name = 'raw.transactions' ORDER BY event_id DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("No snapshot event of raw.transactions was recorded");
      }
      return new Event(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
    }
  }

  private static Map<String, Percentiles> fromCommit(List<Sample> samples) {
    return Map.of(
        "commit→dispatch", of(samples, Sample::dispatched),
        "commit→submitted", of(samples, Sample::submitted),
        "commit→settled", of(samples, Sample::settled));
  }

  /** Each stage's own duration: from the end of the one before to its end. */
  private static Map<String, Percentiles> stages(List<Sample> samples) {
    return Map.of(
        "1 commit→recorded", of(samples, Sample::recorded),
        "2 recorded→marked stale", of(samples, s -> s.markedStale() - s.recorded()),
        "3 marked stale→dispatched", of(samples, s -> s.dispatched() - s.markedStale()),
        "3b dispatched→query created in Trino", of(samples, s -> s.submitted() - s.dispatched()),
        "4 dispatched→run recorded", of(samples, s -> s.runRecorded() - s.dispatched()));
  }

  private static Percentiles of(List<Sample> samples, Function<Sample, Long> value) {
    return Percentiles.of(samples.stream().map(value).toList());
  }
}
