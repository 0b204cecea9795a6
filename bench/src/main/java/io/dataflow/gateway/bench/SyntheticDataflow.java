package io.dataflow.gateway.bench;

import io.dataflow.gateway.planner.cost.CostModel;
import io.dataflow.gateway.planner.cost.CostSettings;
import io.dataflow.gateway.planner.cost.TableStatistics;
import io.dataflow.gateway.planner.model.DataflowGraph;
import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.planner.model.DatasetId;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionDependency;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionRef;
import io.dataflow.gateway.planner.model.Partitioning;
import io.dataflow.gateway.planner.model.Semantics;
import io.dataflow.gateway.planner.model.SemanticsClass;
import io.dataflow.gateway.planner.model.Transform;
import io.dataflow.gateway.planner.model.TransformId;
import io.dataflow.gateway.planner.scheduling.IdSource;
import io.dataflow.gateway.planner.scheduling.Planner;
import io.dataflow.gateway.planner.scheduling.RetryPolicy;
import io.dataflow.gateway.planner.scheduling.SnapshotChange;
import io.dataflow.gateway.planner.state.Cause;
import io.dataflow.gateway.planner.state.InMemoryStateStore;
import io.dataflow.gateway.planner.state.PartitionRecord;
import io.dataflow.gateway.planner.state.PartitionState;
import io.dataflow.gateway.planner.state.PartitionVersion;
import io.dataflow.gateway.planner.state.Provenance;
import io.dataflow.gateway.planner.state.StateStore;
import io.dataflow.gateway.planner.state.Transition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A synthetic dataflow shaped like a large warehouse, for the planner benchmarks: {@code domains}
 * independent-ish domains, each with a few external raw tables and {@code transformsPerDomain}
 * transforms in layers of ten. Layer 0 reads the raw tables with MAP (identity) dependencies, some
 * joining two raw tables (one of them possibly from the previous domain: fan-in across domains); upper
 * layers are chains and fan-in/fan-out over earlier layers of the same domain: MAP joins, rolling weeks
 * ({@code window(-6, 0)}), week-over-week comparisons ({@code offsets(-7, 0)}), FULL aggregates into
 * unpartitioned tables, and daily tables joined with such an aggregate as a dimension ({@code all()}).
 * Every table is partitioned by day over {@code days} days, except the FULL outputs.
 *
 * <p>The state holds every partition FRESH, with what the planner itself would have recorded after
 * computing it: a version (snapshot id and content checksum) and a provenance naming the version of
 * every input partition read. The generator is deterministic for a given seed.
 */
public final class SyntheticDataflow {

  /**
   * 100 domains × 100 transforms over 102 days: 10,000 transforms and 1,003,000-odd partitions (the
   * FULL outputs are unpartitioned: 102 days make up for them).
   */
  public static final int DOMAINS = 100;
  public static final int TRANSFORMS_PER_DOMAIN = 100;
  public static final int RAW_TABLES_PER_DOMAIN = 5;
  public static final int DAYS = 102;
  public static final long SEED = 20_261_121L;
  public static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  private static final int LAYER_SIZE = 10;

  private final int domains;
  private final int transformsPerDomain;
  private final int rawTablesPerDomain;
  private final int days;
  private final DataflowGraph graph;
  private long nextSnapshot = 1;

  private SyntheticDataflow(int domains, int transformsPerDomain, int rawTablesPerDomain, int days, long seed) {
    this.domains = domains;
    this.transformsPerDomain = transformsPerDomain;
    this.rawTablesPerDomain = rawTablesPerDomain;
    this.days = days;
    this.graph = buildGraph(new SplittableRandom(seed));
  }

  /** The benchmark's shape: 10,000 transforms over 100 days. */
  public static SyntheticDataflow atScale() {
    return new SyntheticDataflow(DOMAINS, TRANSFORMS_PER_DOMAIN, RAW_TABLES_PER_DOMAIN, DAYS, SEED);
  }

  /** The same shape, smaller. */
  public static SyntheticDataflow of(int domains, int transformsPerDomain, int rawTablesPerDomain, int days, long seed) {
    return new SyntheticDataflow(domains, transformsPerDomain, rawTablesPerDomain, days, seed);
  }

  public DataflowGraph graph() {
    return graph;
  }

  public int days() {
    return days;
  }

  public static DatasetId raw(int domain, int table) {
    return DatasetId.of("raw.d%03d_source%d".formatted(domain, table));
  }

  static DatasetId produced(int domain, int index) {
    return DatasetId.of("d%03d.t%03d".formatted(domain, index));
  }

  /** The raw table whose restatement the benchmarks plan: one in the middle of the graph. */
  public DatasetId restatedTable() {
    return raw(domains / 2, 0);
  }

  /** The day restated: the middle of the history, so that windows reach forward in full. */
  public PartitionKey restatedDay() {
    return PartitionKey.day(FIRST_DAY.plusDays(days / 2));
  }

  /** A new snapshot of {@link #restatedTable()} rewriting {@link #restatedDay()}. */
  public SnapshotChange restatement(String eventId) {
    return SnapshotChange.external(eventId, restatedTable(), nextSnapshot++, List.of(restatedDay()));
  }

  /** A planner as the server would configure it: the standard cost model, random task ids. */
  public Planner planner(StateStore store) {
    TableStatistics stats = new TableStatistics(days, days * (256L << 20), days * 2_000_000L);
    return new Planner(graph, store, CostModel.standard(CostSettings.defaults(), dataset -> Optional.of(stats)),
        RetryPolicy.defaults(), IdSource.random());
  }

  private DataflowGraph buildGraph(SplittableRandom random) {
    DataflowGraph.Builder builder = DataflowGraph.builder();
    Partitioning byDay = Partitioning.by("day", Granularity.DAY);
    for (int d = 0; d < domains; d++) {
      for (int s = 0; s < rawTablesPerDomain; s++) {
        builder.dataset(Dataset.external(raw(d, s), byDay));
      }
    }
    for (int d = 0; d < domains; d++) {
      List<DatasetId> daily = new ArrayList<>();
      List<Integer> dailyLayer = new ArrayList<>();
      List<DatasetId> unpartitioned = new ArrayList<>();
      for (int i = 0; i < transformsPerDomain; i++) {
        int layer = i / LAYER_SIZE;
        DatasetId out = produced(d, i);
        List<Input> inputs = new ArrayList<>();
        SemanticsClass semantics;
        Partitioning partitioning = byDay;
        if (layer == 0) {
          semantics = SemanticsClass.MAP;
          int first = random.nextInt(rawTablesPerDomain);
          inputs.add(new Input(raw(d, first), PartitionDependency.identity()));
          if (random.nextInt(10) < 3) {
            // A join of two raw tables; one in three of those reads the previous domain's raw table.
            DatasetId second = d > 0 && random.nextInt(3) == 0
                ? raw(d - 1, random.nextInt(rawTablesPerDomain))
                : raw(d, (first + 1 + random.nextInt(rawTablesPerDomain - 1)) % rawTablesPerDomain);
            inputs.add(new Input(second, PartitionDependency.identity()));
          }
        } else {
          int kind = random.nextInt(100);
          DatasetId a = pick(random, daily, dailyLayer, layer);
          if (kind < 45) {
            semantics = SemanticsClass.MAP;
            inputs.add(new Input(a, PartitionDependency.identity()));
            if (kind < 18) {
              DatasetId b = pick(random, daily, dailyLayer, layer);
              if (!b.equals(a)) {
                inputs.add(new Input(b, PartitionDependency.identity()));
              }
            }
          } else if (kind < 65) {
            semantics = SemanticsClass.PARTIAL;
            inputs.add(new Input(a, PartitionDependency.window(-6, 0)));
          } else if (kind < 77) {
            semantics = SemanticsClass.PARTIAL;
            inputs.add(new Input(a, PartitionDependency.offsets(-7, 0)));
          } else if (kind < 85 && !unpartitioned.isEmpty()) {
            // A daily fact joined with the current state of a dimension aggregated by a FULL transform.
            semantics = SemanticsClass.PARTIAL;
            inputs.add(new Input(a, PartitionDependency.identity()));
            inputs.add(new Input(unpartitioned.get(random.nextInt(unpartitioned.size())), PartitionDependency.all()));
          } else if (kind < 92) {
            semantics = SemanticsClass.FULL;
            partitioning = Partitioning.none();
            inputs.add(new Input(a, PartitionDependency.all()));
          } else {
            semantics = SemanticsClass.MAP;
            inputs.add(new Input(a, PartitionDependency.identity()));
          }
        }
        builder.dataset(Dataset.produced(out, partitioning));
        builder.transform(new Transform(TransformId.of(out.name()), out, inputs,
            Semantics.of(semantics, "synthetic"), "sql:" + out.name() + ":v1"));
        if (partitioning.isPartitioned()) {
          daily.add(out);
          dailyLayer.add(layer);
        } else {
          unpartitioned.add(out);
        }
      }
    }
    return builder.build();
  }

  /** A daily table of an earlier layer: the previous layer seven times in ten, else any earlier one. */
  private static DatasetId pick(SplittableRandom random, List<DatasetId> daily, List<Integer> dailyLayer, int layer) {
    int from = 0;
    if (random.nextInt(10) < 7) {
      from = dailyLayer.indexOf(layer - 1);
      if (from < 0) {
        from = 0;
      }
    }
    int to = dailyLayer.lastIndexOf(layer - 1);
    if (to < from) {
      to = daily.size() - 1;
    }
    return daily.get(from + random.nextInt(to - from + 1));
  }

  /**
   * Fills {@code store} with every partition of the graph, FRESH, as the planner would have left it
   * after computing everything, and returns how many partitions it tracks.
   */
  public long populate(StateStore store) {
    Cause cause = new Cause.SnapshotEvent("initial-load");
    long total = 0;
    for (Dataset dataset : graph.datasets()) {
      if (!dataset.isExternal()) {
        continue;
      }
      List<Transition> batch = new ArrayList<>(days);
      for (int i = 0; i < days; i++) {
        PartitionRef ref = new PartitionRef(dataset.id(), PartitionKey.day(FIRST_DAY.plusDays(i)));
        batch.add(Transition.create(new PartitionRecord(ref, PartitionState.fresh(),
            Optional.of(PartitionVersion.of(nextSnapshot++)), Optional.empty()), cause));
      }
      store.apply(batch);
      total += batch.size();
    }
    for (Transform transform : graph.topologicalOrder()) {
      Dataset output = graph.requireDataset(transform.output());
      Map<DatasetId, NavigableMap<PartitionKey, PartitionRecord>> inputs = new HashMap<>();
      for (Input input : transform.inputs()) {
        inputs.put(input.dataset(), store.partitions(input.dataset()));
      }
      List<PartitionKey> keys = new ArrayList<>();
      if (output.partitioning().isPartitioned()) {
        for (int i = 0; i < days; i++) {
          keys.add(PartitionKey.day(FIRST_DAY.plusDays(i)));
        }
      } else {
        keys.add(PartitionKey.unpartitioned());
      }
      long snapshot = nextSnapshot++;
      List<Transition> batch = new ArrayList<>(keys.size());
      for (PartitionKey key : keys) {
        Map<PartitionRef, PartitionVersion> read = new HashMap<>();
        for (Input input : transform.inputs()) {
          NavigableMap<PartitionKey, PartitionRecord> existing = inputs.get(input.dataset());
          for (PartitionKey k : input.dependency().inputsOf(key).resolve(existing.keySet())) {
            PartitionRecord r = existing.get(k);
            if (r != null) {
              read.put(r.ref(), r.version().orElseThrow());
            }
          }
        }
        PartitionRef ref = new PartitionRef(output.id(), key);
        String checksum = Long.toHexString(Long.rotateLeft(snapshot * 0x9E3779B97F4A7C15L, 17) ^ key.hashCode());
        batch.add(Transition.create(new PartitionRecord(ref, PartitionState.fresh(),
            Optional.of(PartitionVersion.of(snapshot, checksum)),
            Optional.of(Provenance.of(transform.fingerprint(), read))), cause));
      }
      store.apply(batch);
      total += batch.size();
    }
    return total;
  }

  /** A new in-memory store holding the whole state. */
  public InMemoryStateStore populatedStore() {
    InMemoryStateStore store = new InMemoryStateStore();
    populate(store);
    return store;
  }
}
