package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.Transition;
import io.dataflow.gateway.server.dataflow.RunRecord;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs, and why each ran, from the recorded runs and the partitions' transition history. */
final class RunQueries {

  /** The most partitions of one run whose history is searched for its causes. */
  static final int MAX_CAUSE_PARTITIONS = 100;
  /** How many of a dataset's latest runs are searched for a task's other attempts. */
  static final int ATTEMPT_SEARCH = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataflowView dataflow;

  RunQueries(DataflowView dataflow) {
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
  }

  /**
   * A page of runs, newest first. The dataflow reads runs newest first with a limit, so the cursor is
   * the number of runs already served.
   */
  Page<RunJson.Run> page(Optional<String> dataset, Optional<RunRecord.State> state, Paging paging, UriInfo uri) {
    int offset = paging.after().map(RunQueries::offset).orElse(0);
    List<RunRecord> runs = dataflow.runs(dataset, state, offset + paging.limit() + 1);
    List<RunRecord> page = runs.subList(Math.min(offset, runs.size()), Math.min(runs.size(), offset + paging.limit()));
    Optional<String> next = runs.size() > offset + paging.limit()
        ? Optional.of(paging.link(uri, Paging.encode(String.valueOf(offset + paging.limit()))))
        : Optional.empty();
    return new Page<>(page.stream().map(r -> RunJson.Run.of(r, statistics(r))).toList(), next);
  }

  private static int offset(String cursor) {
    try {
      int offset = Integer.parseInt(cursor);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid("cursor", "cursor is not one this API issued for runs; pass back the 'next' link of the previous page");
  }

  static Optional<RunRecord.State> state(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (RunRecord.State state : RunRecord.State.values()) {
      if (state.name().equalsIgnoreCase(text.strip())) {
        return Optional.of(state);
      }
    }
    throw ApiException.invalid("state", "state must be running, succeeded or failed, not '" + text + "'");
  }

  /**
   * The run {@code runId} with its causes and its task's attempts.
   *
   * @throws ApiException 404 if there is no such run
   */
  RunJson.Detail detail(String runId) {
    RunRecord run = dataflow.run(runId).orElseThrow(() -> ApiException.notFound("run", runId));
    List<PartitionJson.RunRef> attempts = new ArrayList<>(dataflow.runs(Optional.of(run.dataset()), Optional.empty(), ATTEMPT_SEARCH).stream()
        .filter(r -> r.taskId().equals(run.taskId()))
        .map(PartitionJson.RunRef::of)
        .toList()).reversed();
    return new RunJson.Detail(RunJson.Run.of(run, statistics(run)), causes(run), attempts);
  }

  /**
   * For each of the run's partitions, the last cause that made it stale before the run took it: a
   * snapshot event, a backfill or a graph change. Planning decisions and earlier runs (a failed
   * attempt before a retry) are passed over, since they carry on a change rather than start one.
   */
  private List<RunJson.Cause> causes(RunRecord run) {
    Map<String, RunJson.Cause> causes = new LinkedHashMap<>();
    Map<String, List<String>> partitions = new LinkedHashMap<>();
    Optional<io.dataflow.gateway.planner.model.Dataset> dataset = dataflow.graph().dataset(DatasetId.of(run.dataset()));
    if (dataset.isEmpty()) {
      return List.of();
    }
    for (String value : run.partitions().subList(0, Math.min(run.partitions().size(), MAX_CAUSE_PARTITIONS))) {
      PartitionRef ref = new PartitionRef(dataset.get().id(), PartitionKeys.parse(dataset.get().partitioning(), "partition", value));
      List<Transition> history = dataflow.history(ref);
      int started = -1;
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).cause() instanceof Cause.Run(var id) && id.value().equals(run.runId())) {
          started = i;
          break;
        }
      }
      for (int i = (started < 0 ? history.size() : started) - 1; i >= 0; i--) {
        Optional<RunJson.Cause> cause = describe(history.get(i).cause());
        if (cause.isPresent()) {
          String key = cause.get().kind() + ":" + cause.get().id();
          partitions.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
          causes.putIfAbsent(key, cause.get());
          break;
        }
      }
    }
    return causes.entrySet().stream()
        .map(e -> new RunJson.Cause(e.getValue().kind(), e.getValue().id(), partitions.get(e.getKey())))
        .toList();
  }

  /** The cause as the API names it, without partitions yet; empty for causes that carry on a change. */
  private static Optional<RunJson.Cause> describe(Cause cause) {
    return switch (cause) {
      case Cause.SnapshotEvent event -> Optional.of(new RunJson.Cause("snapshot", event.eventId(), List.of()));
      case Cause.Backfill backfill -> Optional.of(new RunJson.Cause("backfill", backfill.backfillId(), List.of()));
      case Cause.GraphChange change -> Optional.of(new RunJson.Cause("graph-change", String.valueOf(change.version()), List.of()));
      case Cause.FallbackRun run -> Optional.of(new RunJson.Cause("fallback-run", run.job() + "#" + run.run(), List.of()));
      case Cause.Run r -> Optional.empty();
      case Cause.Planning p -> Optional.empty();
    };
  }

  private static Optional<JsonNode> statistics(RunRecord run) {
    return run.statisticsJson().map(text -> {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        // kept as recorded rather than lost
        return TextNode.valueOf(text);
      }
    });
  }
}
