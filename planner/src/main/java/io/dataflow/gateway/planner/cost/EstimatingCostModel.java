package io.dataflow.gateway.planner.cost;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.Input;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.PartitionSet;
import io.dataflow.gateway.planner.state.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Estimates each strategy as {@code queries × overhead + input bytes read}, where the bytes read by
 * one query are the distinct input partitions it reads times the input's mean partition size. A
 * rolling week restated for seven days reads 49 daily partitions as seven queries but 13 as one
 * batched query, which is where batching pays.
 */
final class EstimatingCostModel implements CostModel {

  private final CostSettings settings;
  private final StatisticsSource statistics;

  EstimatingCostModel(CostSettings settings, StatisticsSource statistics) {
    this.settings = requireNonNull(settings, "settings is null");
    this.statistics = requireNonNull(statistics, "statistics is null");
  }

  private record Estimate(Task.Strategy strategy, List<NavigableSet<PartitionKey>> groups, long inputPartitions, long bytes, long cost) {}

  @Override
  public ExecutionChoice choose(CostQuery query) {
    NavigableSet<PartitionKey> affected = query.affected();
    if (affected.size() == 1) {
      return new ExecutionChoice(Task.Strategy.PER_PARTITION, List.of(affected), "a single partition to compute");
    }
    List<String> unknown = query.transform().inputs().stream()
        .map(Input::dataset)
        .filter(d -> statistics.statisticsOf(d).isEmpty())
        .map(Object::toString)
        .toList();
    if (!unknown.isEmpty()) {
      return perPartition(affected, "no statistics for " + String.join(", ", unknown)
          + ": one task per partition for %d partitions".formatted(affected.size()));
    }

    List<Estimate> options = new ArrayList<>();
    options.add(estimate(query, Task.Strategy.PER_PARTITION, affected.stream().map(EstimatingCostModel::single).toList()));
    List<NavigableSet<PartitionKey>> ranges = ranges(query, affected);
    if (ranges.size() < affected.size()) {
      options.add(estimate(query, Task.Strategy.BATCHED_RANGE, ranges));
    }
    Optional<String> noFull = Optional.empty();
    if (!query.output().partitioning().isPartitioned()) {
      noFull = Optional.of("the output is unpartitioned");
    } else if (!query.fullRecomputeAllowed()) {
      noFull = Optional.of("some existing partitions cannot be rewritten now");
    } else {
      NavigableSet<PartitionKey> everything = new TreeSet<>(query.existing());
      everything.addAll(affected);
      long span = days(everything);
      if (span > settings.maxBatchDays()) {
        noFull = Optional.of("the partitions span %d days, more than the %d one query may".formatted(span, settings.maxBatchDays()));
      } else {
        options.add(estimate(query, Task.Strategy.FULL_RECOMPUTE, List.of(everything)));
      }
    }

    Estimate best = options.getFirst();
    for (Estimate e : options) {
      if (e.cost() < best.cost()) {
        best = e;
      }
    }
    StringBuilder reason = new StringBuilder();
    reason.append("%s for %d partitions: %s".formatted(label(best.strategy()), affected.size(), describe(best)));
    for (Estimate e : options) {
      if (e != best) {
        reason.append("; %s would be %s".formatted(label(e.strategy()), describe(e)));
      }
    }
    noFull.ifPresent(why -> reason.append("; no full recompute: ").append(why));
    return new ExecutionChoice(best.strategy(), best.groups(), reason.toString());
  }

  private static ExecutionChoice perPartition(NavigableSet<PartitionKey> affected, String reason) {
    return new ExecutionChoice(Task.Strategy.PER_PARTITION, affected.stream().map(EstimatingCostModel::single).toList(), reason);
  }

  private static NavigableSet<PartitionKey> single(PartitionKey key) {
    return new TreeSet<>(List.of(key));
  }

  /** Contiguous runs of {@code affected}, split so no batch exceeds the configured limits. */
  private List<NavigableSet<PartitionKey>> ranges(CostQuery query, NavigableSet<PartitionKey> affected) {
    List<NavigableSet<PartitionKey>> result = new ArrayList<>();
    NavigableSet<PartitionKey> current = new TreeSet<>();
    for (PartitionKey key : affected) {
      boolean contiguous = !current.isEmpty() && current.last().granularity().isPresent()
          && current.last().plus(1).equals(key);
      NavigableSet<PartitionKey> extended = new TreeSet<>(current);
      extended.add(key);
      boolean fits = extended.size() <= settings.maxBatchPartitions() && days(extended) <= settings.maxBatchDays()
          && bytesRead(query, extended) <= settings.maxBatchBytes();
      if (!current.isEmpty() && (!contiguous || !fits)) {
        result.add(current);
        current = new TreeSet<>();
      }
      current.add(key);
    }
    result.add(current);
    return result;
  }

  /** The days from the start of the first of {@code keys} to the end of the last, counting a part of a day as one. */
  private static long days(NavigableSet<PartitionKey> keys) {
    if (!(keys.first() instanceof PartitionKey.Period first) || !(keys.last() instanceof PartitionKey.Period last)) {
      return 0;
    }
    return (java.time.Duration.between(first.start(), last.end()).toHours() + 23) / 24;
  }

  private Estimate estimate(CostQuery query, Task.Strategy strategy, List<NavigableSet<PartitionKey>> groups) {
    long partitions = 0;
    long bytes = 0;
    for (NavigableSet<PartitionKey> group : groups) {
      partitions += inputPartitions(query, group);
      bytes += bytesRead(query, group);
    }
    return new Estimate(strategy, groups, partitions, bytes, groups.size() * settings.queryOverheadBytes() + bytes);
  }

  private long inputPartitions(CostQuery query, Collection<PartitionKey> outputs) {
    long total = 0;
    for (Input input : query.transform().inputs()) {
      total += distinctInputs(input, outputs);
    }
    return total;
  }

  private long bytesRead(CostQuery query, Collection<PartitionKey> outputs) {
    long total = 0;
    for (Input input : query.transform().inputs()) {
      TableStatistics stats = statistics.statisticsOf(input.dataset()).orElseThrow();
      total += distinctInputs(input, outputs) * stats.averagePartitionBytes();
    }
    return total;
  }

  /** Distinct input partitions read for {@code outputs}; the table's partition count for "all". */
  private long distinctInputs(Input input, Collection<PartitionKey> outputs) {
    Set<PartitionKey> keys = new HashSet<>();
    for (PartitionKey output : outputs) {
      PartitionSet set = input.dependency().inputsOf(output);
      if (set instanceof PartitionSet.All) {
        return statistics.statisticsOf(input.dataset()).orElseThrow().partitionCount();
      }
      keys.addAll(set.resolve(List.of()));
    }
    return keys.size();
  }

  private static String label(Task.Strategy strategy) {
    return switch (strategy) {
      case PER_PARTITION -> "one task per partition";
      case BATCHED_RANGE -> "batched range queries";
      case FULL_RECOMPUTE -> "a full recompute";
    };
  }

  private static String describe(Estimate e) {
    return "%d %s reading %d input partitions (%s)".formatted(
        e.groups().size(), e.groups().size() == 1 ? "query" : "queries", e.inputPartitions(), bytes(e.bytes()));
  }

  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
