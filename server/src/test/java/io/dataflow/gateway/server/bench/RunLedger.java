package io.dataflow.gateway.server.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The dataflow's runs as {@code dataflow_runs} records them, read straight from PostgreSQL. */
final class RunLedger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchGateway gateway;

  /**
   * One run.
   *
   * @param cpuMillis Trino's CPU time of the run's statement (its {@code MERGE}), 0 while unknown
   */
  record Run(String runId, String dataset, List<String> partitions, String strategy, String state,
      long cpuMillis, Instant startedAt, Optional<Instant> finishedAt) {
    Run {
      requireNonNull(runId, "runId is null");
      partitions = List.copyOf(partitions);
      requireNonNull(finishedAt, "finishedAt is null");
    }
  }

  /** What a set of runs did. */
  record Summary(int runs, int failedRuns, Map<String, Integer> partitionsByDataset, int partitions, long cpuMillis,
      Optional<Instant> lastFinishedAt) {
    Summary {
      partitionsByDataset = Map.copyOf(partitionsByDataset);
      requireNonNull(lastFinishedAt, "lastFinishedAt is null");
    }

    /** From {@code start} to the end of the last run, 0 when nothing ran. */
    long wallMillisFrom(Instant start) {
      return lastFinishedAt.map(end -> Duration.between(start, end).toMillis()).orElse(0L);
    }
  }

  RunLedger(BenchGateway gateway) {
    this.gateway = requireNonNull(gateway, "gateway is null");
  }

  /** Every run that started at or after {@code since}, oldest first. */
  List<Run> since(Instant since) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (Connection db = gateway.postgres();
        PreparedStatement s = db.prepareStatement("SELECT run_id, dataset, partitions, strategy, state, statistics::text,"
            + " started_at, finished_at FROM dataflow_runs WHERE started_at >= ? ORDER BY started_at, run_id")) {
      s.setTimestamp(1, Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timestamp finished = rs.getTimestamp(8);
          runs.add(new Run(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()), rs.getString(4),
              rs.getString(5), cpuMillis(rs.getString(6)), rs.getTimestamp(7).toInstant(),
              Optional.ofNullable(finished).map(Timestamp::toInstant)));
        }
      }
    }
    return runs;
  }

  Summary summary(Instant since) throws SQLException {
    return summarize(since(since));
  }

  static Summary summarize(List<Run> runs) {
    Map<String, Integer> byDataset = new TreeMap<>();
    int partitions = 0;
    long cpu = 0;
    int failed = 0;
    Optional<Instant> last = Optional.empty();
    for (Run run : runs) {
      if (run.state().equals("SUCCEEDED")) {
        byDataset.merge(run.dataset(), run.partitions().size(), Integer::sum);
        partitions += run.partitions().size();
      } else if (run.state().equals("FAILED")) {
        failed++;
      }
      cpu += run.cpuMillis();
      Optional<Instant> finished = run.finishedAt();
      if (finished.isPresent() && last.map(l -> finished.get().isAfter(l)).orElse(true)) {
        last = finished;
      }
    }
    return new Summary(runs.size(), failed, byDataset, partitions, cpu, last);
  }

  private static long cpuMillis(String statistics) {
    if (statistics == null) {
      return 0;
    }
    try {
      return JSON.readTree(statistics).path("cpuMillis").asLong(0);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable run statistics: " + statistics, e);
    }
  }
}
