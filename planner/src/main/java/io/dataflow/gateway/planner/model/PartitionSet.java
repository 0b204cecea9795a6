package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A set of partitions of one table as a dependency computes it: either named keys, or "every
 * partition", which only the current contents of the table can resolve.
 */
public sealed interface PartitionSet {

  static PartitionSet all() {
    return new All();
  }

  static PartitionSet of(Collection<PartitionKey> keys) {
    return new Keys(new TreeSet<>(keys));
  }

  static PartitionSet none() {
    return new Keys(new TreeSet<>());
  }

  /** The keys this set names, taking "every partition" to mean every key of {@code existing}. */
  NavigableSet<PartitionKey> resolve(Collection<PartitionKey> existing);

  /** Every partition of the table, whatever it holds. */
  record All() implements PartitionSet {
    @Override
    public NavigableSet<PartitionKey> resolve(Collection<PartitionKey> existing) {
      return Collections.unmodifiableNavigableSet(new TreeSet<>(existing));
    }
  }

  /** Exactly these partitions. */
  record Keys(NavigableSet<PartitionKey> keys) implements PartitionSet {
    public Keys {
      keys = Collections.unmodifiableNavigableSet(new TreeSet<>(requireNonNull(keys, "keys is null")));
    }

    @Override
    public NavigableSet<PartitionKey> resolve(Collection<PartitionKey> existing) {
      return keys;
    }
  }
}
