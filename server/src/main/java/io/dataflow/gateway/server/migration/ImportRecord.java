package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One import and what became of each DAG.
 *
 * @param id the import
 * @param source where the DAGs came from (an Airflow URL or a snapshot directory)
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param dags per DAG: new, changed, unchanged, removed or failed, with the reason
 */
public record ImportRecord(String id, String source, Instant startedAt, Instant finishedAt, List<DagResult> dags) {

  public ImportRecord {
    requireNonNull(id, "id is null");
    requireNonNull(source, "source is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    dags = List.copyOf(requireNonNull(dags, "dags is null"));
  }

  /** What an import did to one DAG. */
  public enum Outcome {
    NEW, CHANGED, UNCHANGED, REMOVED, FAILED
  }

  /**
   * @param dagId the DAG
   * @param outcome what happened to it
   * @param detail what changed, or why it failed
   */
  public record DagResult(String dagId, Outcome outcome, Optional<String> detail) {
    public DagResult {
      requireNonNull(dagId, "dagId is null");
      requireNonNull(outcome, "outcome is null");
      requireNonNull(detail, "detail is null");
    }
  }
}
