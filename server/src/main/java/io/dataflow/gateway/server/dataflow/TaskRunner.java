package io.dataflow.gateway.server.dataflow;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.render.ExecutionRenderer;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.catalog.GatewayCatalog;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.scheduling.Failure;
import io.dataflow.gateway.planner.scheduling.StartedRun;
import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.QueryStatistics;
import io.dataflow.gateway.trino.TrinoClient;
import io.dataflow.gateway.trino.TrinoQueryException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on Trino: one {@code MERGE} that replaces exactly the task's output partitions in
 * one snapshot, then a checksum per partition of that snapshot, computed in Trino, for early cutoff.
 */
final class TaskRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  /** The checksum of a partition that holds no rows. */
  static final String EMPTY = "0:empty";

  /** What a run came to. */
  sealed interface Outcome {
    record Succeeded(OptionalLong snapshotId, Map<PartitionKey, String> checksums, QueryStatistics statistics) implements Outcome {}

    record Failed(Failure failure, String kind) implements Outcome {}
  }

  private final Supplier<TrinoClient> trino;
  private final io.dataflow.gateway.annotator.schema.SchemaProvider schemas;
  private final ExecutionRenderer renderer;
  /** Renderers of tasks whose tables are redirected (shadow runs), by their redirects. */
  private final Map<Map<io.dataflow.gateway.annotator.TableName, io.dataflow.gateway.annotator.TableName>, ExecutionRenderer> redirected =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final TableNames names;
  private final GatewayCatalog catalog;
  private final DataflowStore store;
  private final RunTags tags;
  private final Duration timeout;

  TaskRunner(
      Supplier<TrinoClient> trino,
      io.dataflow.gateway.annotator.schema.SchemaProvider schemas,
      TableNames names,
      GatewayCatalog catalog,
      DataflowStore store,
      RunTags tags,
      Duration timeout) {
    this.trino = requireNonNull(trino, "trino is null");
    this.schemas = requireNonNull(schemas, "schemas is null");
    this.names = requireNonNull(names, "names is null");
    this.renderer = ExecutionRenderer.create(schemas, names.mapping());
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.store = requireNonNull(store, "store is null");
    this.tags = requireNonNull(tags, "tags is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /**
   * Runs {@code started}'s statement and the checksums of what it committed.
   *
   * @param queryStarted told the Trino query id as soon as Trino assigned it, on a thread of the JDBC
   *     driver, which waits for it: it should return at once
   */
  Outcome run(StartedRun started, CompiledDataflow.CompiledTask task, java.util.function.Consumer<String> queryStarted) {
    OutputScope scope;
    String sql;
    try {
      scope = scope(started.task().partitions());
      sql = renderer(task.definition()).replace(task.definition().transform(), scope);
    } catch (AnnotationException | IllegalArgumentException e) {
      return new Outcome.Failed(Failure.permanent("cannot render task %s: %s".formatted(started.task().id(), e.getMessage())), "RENDERING");
    }
    String[] queryId = new String[1];
    try {
      QueryResult result = trino.get().execute(sql, List.of(), timeout, id -> {
        queryId[0] = id;
        tags.register(id, started.task().id(), started.run());
        queryStarted.accept(id);
      });
      OptionalLong snapshot = committedSnapshot(started, result.queryId());
      Map<PartitionKey, String> checksums = checksums(task, scope, started.task().partitions(), snapshot);
      return new Outcome.Succeeded(snapshot, checksums, result.statistics());
    } catch (TrinoQueryException e) {
      LOG.warn("Run {} of task {} failed: {}", started.run(), started.task().id(), e.getMessage());
      Failure failure = switch (e.kind()) {
        case USER_ERROR -> Failure.permanent(e.getMessage());
        case TIMEOUT, CANCELLED, INSUFFICIENT_RESOURCES, EXTERNAL, INTERNAL -> Failure.transientError(e.getMessage());
      };
      return new Outcome.Failed(failure, e.kind().name());
    } catch (RuntimeException e) {
      LOG.warn("Run {} of task {} failed", started.run(), started.task().id(), e);
      return new Outcome.Failed(Failure.transientError(e.getClass().getSimpleName() + ": " + e.getMessage()), "GATEWAY");
    } finally {
      if (queryId[0] != null) {
        tags.unregister(queryId[0]);
      }
    }
  }

  /** The renderer of {@code task}'s statement: its tables as Trino names them, after its redirects. */
  private ExecutionRenderer renderer(TaskDefinition task) {
    if (task.redirects().isEmpty()) {
      return renderer;
    }
    return redirected.computeIfAbsent(task.redirects(),
        r -> ExecutionRenderer.create(schemas, legacy -> names.trino(task.redirected(legacy, names))));
  }

  /**
   * The snapshot run {@code started} committed: the one tagged with its run id, else the one Trino
   * wrote under its query id; empty when the statement changed nothing and committed no snapshot.
   */
  OptionalLong committedSnapshot(StartedRun started, String queryId) {
    Optional<TableMetadata> metadata = catalog.metadata(names.identifier(started.task().output()));
    if (metadata.isEmpty()) {
      return OptionalLong.empty();
    }
    List<Snapshot> snapshots = metadata.get().snapshots();
    for (int i = snapshots.size() - 1; i >= 0; i--) {
      Map<String, String> summary = snapshots.get(i).summary();
      if (summary != null && (started.run().value().equals(summary.get(RunTags.RUN_ID)) || queryId.equals(summary.get(RunTags.TRINO_QUERY_ID)))) {
        return OptionalLong.of(snapshots.get(i).snapshotId());
      }
    }
    return OptionalLong.empty();
  }

  /** The snapshot tagged with {@code run}, if it committed one (for runs interrupted by a restart). */
  OptionalLong committedSnapshot(StartedRun started, Optional<String> queryId) {
    return committedSnapshot(started, queryId.orElse("-"));
  }

  Map<PartitionKey, String> checksums(
      CompiledDataflow.CompiledTask task, OutputScope scope, NavigableSet<PartitionKey> partitions, OptionalLong snapshot) {
    Map<PartitionKey, String> checksums = new HashMap<>();
    partitions.forEach(p -> checksums.put(p, EMPTY));
    Granularity granularity = partitions.first().granularity().orElse(Granularity.DAY);
    QueryResult result = trino.get().execute(renderer.checksum(task.output(), scope, snapshot), List.of(), timeout);
    for (List<Object> row : result.rows()) {
      PartitionKey key = key(row.get(0), granularity);
      if (checksums.containsKey(key)) {
        checksums.put(key, row.get(1) + ":" + row.get(2));
      }
    }
    return checksums;
  }

  /**
   * The rendered scope of a task's partitions, which the cost model keeps contiguous: days as they
   * are, weeks, months and years as the days from the first one's first day to the last one's last
   * day (the renderer writes each from the runs of its logical dates).
   */
  static OutputScope scope(NavigableSet<PartitionKey> partitions) {
    PartitionKey first = partitions.first();
    if (first instanceof PartitionKey.Unpartitioned) {
      // a whole-table task does not depend on its logical date; today's is as good as any
      return OutputScope.wholeTable(LocalDate.now(ZoneOffset.UTC));
    }
    PartitionKey.Period from = period(first);
    PartitionKey.Period to = period(partitions.last());
    if (from.unit() != to.unit()) {
      throw new IllegalArgumentException("partitions %s..%s are not of one granularity".formatted(from, to));
    }
    long span = 1;
    for (PartitionKey key = from; !key.equals(to); key = key.plus(1)) {
      span++;
    }
    if (span != partitions.size()) {
      throw new IllegalArgumentException("partitions %s..%s are not contiguous (%d of %d %ss)"
          .formatted(from, to, partitions.size(), span, from.unit().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return OutputScope.days(from.start().toLocalDate(), to.end().toLocalDate().minusDays(1));
  }

  /** The partition of {@code granularity} a checksum row's partition value belongs to. */
  static PartitionKey key(Object value, Granularity granularity) {
    return value == null ? PartitionKey.unpartitioned() : PartitionKey.containing(granularity, toDate(value).atStartOfDay());
  }

  private static PartitionKey.Period period(PartitionKey key) {
    if (!(key instanceof PartitionKey.Period period) || period.unit() == Granularity.HOUR) {
      throw new IllegalArgumentException("partition " + key
          + " is not a day, week, month or year, the partitions the renderer writes of a date column");
    }
    return period;
  }

  private static LocalDate toDate(Object value) {
    return switch (value) {
      case LocalDate d -> d;
      case java.sql.Date d -> d.toLocalDate();
      case LocalDateTime t -> t.toLocalDate();
      default -> LocalDate.parse(value.toString());
    };
  }
}
