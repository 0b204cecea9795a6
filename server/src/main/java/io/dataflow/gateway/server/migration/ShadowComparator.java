package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.events.ChangedPartition;
import io.dataflow.gateway.catalog.events.RecordedEvent;
import io.dataflow.gateway.catalog.events.SnapshotSubscriber;
import io.dataflow.gateway.server.dataflow.DataflowRuntime;
import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.TrinoClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the shadow tables of DAGs in shadow with their real tables, partition by partition: a
 * snapshot event of either side marks the partitions it changed (in PostgreSQL, so a restart loses
 * none), and a worker of its own compares each marked partition on Trino, both sides read at their
 * current snapshot: row counts and an order-independent checksum, and for a partition that differs a
 * bounded sample of the rows each side holds that the other does not. Events are only marked on the
 * thread the event bus delivers them on; the Trino queries never hold up the delivery.
 */
public final class ShadowComparator implements SnapshotSubscriber, Managed {

  /** The key of the single partition of a table compared whole. */
  static final String UNPARTITIONED = ShadowPartition.WHOLE_TABLE;

  private static final Logger LOG = LoggerFactory.getLogger(ShadowComparator.class);
  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);
  private static final int BATCH = 20;

  /** One side of a shadowed table as events name it. */
  private record Watched(String dagId, String realTable, String shadowTable, Optional<String> partitionColumn) {}

  private final DagStore dags;
  private final ShadowStore store;
  private final DataflowRuntime dataflow;
  private final Supplier<TrinoClient> trinoFactory;
  private final int sampleRows;
  private final Clock clock = Clock.systemUTC();
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile Map<String, List<Watched>> watched = Map.of();
  private volatile boolean running;
  private TrinoClient trino;
  private Thread worker;

  /**
   * @param trino creates the Trino client, asked once Trino is up
   * @param config how many sample rows to keep
   */
  public ShadowComparator(DataSource dataSource, DataflowRuntime dataflow, Supplier<TrinoClient> trino, MigrationConfig config) {
    this.dags = new DagStore(dataSource);
    this.store = new ShadowStore(dataSource);
    this.dataflow = requireNonNull(dataflow, "dataflow is null");
    this.trinoFactory = requireNonNull(trino, "trino is null");
    this.sampleRows = config.sampleRows();
    refresh();
  }

  /** Reads again which tables are shadowed, after a DAG entered or left its shadow run. */
  public void refresh() {
    Map<String, List<Watched>> next = new HashMap<>();
    for (DagStore.StoredDag dag : dags.dags()) {
      if (dag.mode() != MigrationMode.SHADOW) {
        continue;
      }
      dag.shadowTables().forEach((real, shadow) -> {
        Optional<String> column = dataflow.tableSchema(TableName.of(real)).flatMap(ShadowComparator::dayColumn);
        Watched watch = new Watched(dag.dag().dagId(), real, shadow, column);
        next.computeIfAbsent(dataflow.dataset(TableName.of(real)).name(), t -> new ArrayList<>()).add(watch);
        next.computeIfAbsent(dataflow.dataset(TableName.of(shadow)).name(), t -> new ArrayList<>()).add(watch);
      });
    }
    watched = Map.copyOf(next);
  }

  ShadowStore store() {
    return store;
  }

  @Override
  public void onEvent(RecordedEvent recorded) {
    if (!recorded.event().changesData()) {
      return;
    }
    List<Watched> watches = watched.get(recorded.event().table());
    if (watches == null) {
      return;
    }
    Instant now = clock.instant();
    for (Watched watch : watches) {
      for (String partition : partitions(recorded, watch.partitionColumn())) {
        store.changed(watch.dagId(), watch.realTable(), watch.shadowTable(), partition, now);
      }
    }
    wakeUp.release();
  }

  /**
   * The partitions an event changed, as comparison keys ({@link ShadowPartition}): a day of the {@code
   * DATE} partition column, a period of a time transform, or the whole table when a changed partition
   * has neither (an unpartitioned table, or one partitioned by no time).
   */
  private static Set<String> partitions(RecordedEvent recorded, Optional<String> dayColumn) {
    Set<String> keys = new LinkedHashSet<>();
    List<ChangedPartition> changed = recorded.event().changedPartitions();
    if (changed.isEmpty()) {
      keys.add(UNPARTITIONED);
    }
    for (ChangedPartition partition : changed) {
      ShadowPartition.of(partition.values(), dayColumn).map(ShadowPartition::key).ifPresentOrElse(keys::add, () -> {
        if (keys.add(UNPARTITIONED) && !partition.values().isEmpty()) {
          LOG.info("Snapshot {} of {} changed partition {}, which has no time to compare it by: the whole table is compared",
              recorded.event().snapshotId(), recorded.event().table(), partition.path());
        }
      });
    }
    return keys;
  }

  /** The {@code DATE} identity partition column of a table, compared day by day. */
  static Optional<String> dayColumn(TableSchema schema) {
    if (!schema.isPartitioned()) {
      return Optional.empty();
    }
    String column = schema.partitionColumns().getFirst();
    return schema.column(column).map(ColumnSchema::type).filter("DATE"::equals).map(t -> column);
  }

  // ---- comparing ---------------------------------------------------------------------------

  @Override
  public void start() {
    running = true;
    worker = Thread.ofPlatform().name("shadow-comparison").daemon(true).start(this::work);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    wakeUp.release();
    if (worker != null) {
      worker.join(TimeUnit.SECONDS.toMillis(10));
    }
    synchronized (this) {
      if (trino != null) {
        trino.close();
        trino = null;
      }
    }
  }

  private void work() {
    while (running) {
      try {
        List<ShadowStore.Pending> batch = store.pending(BATCH);
        for (ShadowStore.Pending pending : batch) {
          if (!running) {
            return;
          }
          compare(pending).ifPresentOrElse(result -> store.compared(pending, result), () -> store.gone(pending));
        }
        if (batch.size() < BATCH) {
          wakeUp.tryAcquire(1, TimeUnit.SECONDS);
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("Shadow comparisons could not be made or recorded; trying again in a few seconds", e);
        sleepQuietly();
      }
    }
  }

  /** The comparison of one partition; empty when neither side holds it any more. */
  Optional<PartitionComparison> compare(ShadowStore.Pending pending) {
    TableName real = TableName.of(pending.realTable());
    TableName shadow = TableName.of(pending.shadowTable());
    Instant at = clock.instant();
    OptionalLong realSnapshot = dataflow.currentSnapshot(real);
    OptionalLong shadowSnapshot = dataflow.currentSnapshot(shadow);
    if (realSnapshot.isEmpty() || shadowSnapshot.isEmpty()) {
      String side = realSnapshot.isEmpty() ? "the real table " + real : "the shadow table " + shadow;
      return Optional.of(result(pending, PartitionComparison.State.MISSING, at, Optional.empty(), Optional.empty(), List.of(), List.of(),
          Optional.of(side + " has no data yet")));
    }
    try {
      TableSchema schema = dataflow.tableSchema(real).orElseThrow(() -> new IllegalStateException("table " + real + " no longer exists"));
      TableSchema shadowSchema = dataflow.tableSchema(shadow).orElseThrow(() -> new IllegalStateException("table " + shadow + " no longer exists"));
      if (!shadowSchema.columns().equals(schema.columns())) {
        throw new IllegalStateException("the columns of %s %s differ from those of %s %s".formatted(shadow, shadowSchema.columns(), real,
            schema.columns()));
      }
      ShadowPartition partition = ShadowPartition.parse(pending.partition(), schema);
      ShadowSql sql = new ShadowSql(schema.columns().stream().map(ColumnSchema::name).toList(), partition.predicate(schema));
      TableName realTrino = dataflow.trinoName(real);
      TableName shadowTrino = dataflow.trinoName(shadow);
      List<Object> one = partition.parameters(schema);
      PartitionComparison.Side realSide = side(sql.summary(realTrino, realSnapshot.getAsLong()), one, realSnapshot.getAsLong());
      PartitionComparison.Side shadowSide = side(sql.summary(shadowTrino, shadowSnapshot.getAsLong()), one, shadowSnapshot.getAsLong());
      if (realSide.rows() == 0 && shadowSide.rows() == 0) {
        return Optional.empty();
      }
      if (realSide.rows() == 0 || shadowSide.rows() == 0) {
        String side = realSide.rows() == 0 ? "the real table " + real : "the shadow table " + shadow;
        return Optional.of(result(pending, PartitionComparison.State.MISSING, at, Optional.of(realSide), Optional.of(shadowSide), List.of(),
            List.of(), Optional.of(side + " holds no rows of partition " + pending.partition())));
      }
      if (realSide.rows() == shadowSide.rows() && realSide.checksum() == shadowSide.checksum()) {
        return Optional.of(result(pending, PartitionComparison.State.MATCH, at, Optional.of(realSide), Optional.of(shadowSide), List.of(),
            List.of(), Optional.empty()));
      }
      List<Object> two = new ArrayList<>(one);
      two.addAll(one);
      List<Map<String, Object>> onlyInReal = rows(sql.onlyIn(realTrino, realSide.snapshotId(), shadowTrino, shadowSide.snapshotId(), sampleRows), two);
      List<Map<String, Object>> onlyInShadow =
          rows(sql.onlyIn(shadowTrino, shadowSide.snapshotId(), realTrino, realSide.snapshotId(), sampleRows), two);
      return Optional.of(result(pending, PartitionComparison.State.DIFFERENT, at, Optional.of(realSide), Optional.of(shadowSide), onlyInReal,
          onlyInShadow, Optional.empty()));
    } catch (RuntimeException e) {
      LOG.warn("Comparison of {} {} with its shadow failed: {}", real, pending.partition(), e.getMessage());
      return Optional.of(result(pending, PartitionComparison.State.FAILED, at, Optional.empty(), Optional.empty(), List.of(), List.of(),
          Optional.of(String.valueOf(e.getMessage()))));
    }
  }

  private PartitionComparison.Side side(String sql, List<Object> parameters, long snapshot) {
    List<Object> row = trino().execute(sql, parameters, QUERY_TIMEOUT).rows().getFirst();
    return new PartitionComparison.Side(snapshot, ((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
  }

  private List<Map<String, Object>> rows(String sql, List<Object> parameters) {
    QueryResult result = trino().execute(sql, parameters, QUERY_TIMEOUT);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<Object> values : result.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        row.put(result.columnNames().get(i), value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer
            ? value : value.toString());
      }
      rows.add(row);
    }
    return rows;
  }

  private static PartitionComparison result(ShadowStore.Pending pending, PartitionComparison.State state, Instant at,
      Optional<PartitionComparison.Side> real, Optional<PartitionComparison.Side> shadow, List<Map<String, Object>> onlyInReal,
      List<Map<String, Object>> onlyInShadow, Optional<String> error) {
    return new PartitionComparison(pending.realTable(), pending.shadowTable(), pending.partition(), state, pending.changedAt(),
        Optional.of(at), real, shadow, onlyInReal, onlyInShadow, error);
  }

  private synchronized TrinoClient trino() {
    if (trino == null) {
      trino = trinoFactory.get();
    }
    return trino;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
