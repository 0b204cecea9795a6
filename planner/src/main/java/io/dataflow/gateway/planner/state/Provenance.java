package io.dataflow.gateway.planner.state;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.PartitionRef;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an output partition was computed from: the transform's fingerprint and the version of every
 * input partition read.
 *
 * @param fingerprint the transform's fingerprint at the time
 * @param inputs the version of each input partition read
 */
public record Provenance(String fingerprint, SortedMap<PartitionRef, PartitionVersion> inputs) {

  public Provenance {
    requireNonNull(fingerprint, "fingerprint is null");
    inputs = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(inputs, "inputs is null")));
  }

  public static Provenance of(String fingerprint, Map<PartitionRef, PartitionVersion> inputs) {
    return new Provenance(fingerprint, new TreeMap<>(inputs));
  }

  /**
   * Whether a computation by a transform with {@code currentFingerprint} over inputs now at {@code
   * current} would read the same things: the same fingerprint, the same input partitions, each with
   * the same contents.
   */
  public boolean matches(String currentFingerprint, Map<PartitionRef, PartitionVersion> current) {
    if (!fingerprint.equals(currentFingerprint) || !inputs.keySet().equals(current.keySet())) {
      return false;
    }
    return inputs.entrySet().stream().allMatch(e -> e.getValue().sameContentAs(current.get(e.getKey())));
  }
}
