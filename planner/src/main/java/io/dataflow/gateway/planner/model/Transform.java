package io.dataflow.gateway.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A SQL transform that writes one dataset from its inputs.
 *
 * @param id the transform's stable identity
 * @param output the dataset it writes
 * @param inputs the datasets it reads, each at most once, with their partition dependency
 * @param semantics its semantics class and why
 * @param fingerprint an opaque string that changes exactly when the computation changes (the
 *     normalized SQL or its hash); a changed fingerprint makes every output partition stale
 */
public record Transform(
    TransformId id, DatasetId output, List<Input> inputs, Semantics semantics, String fingerprint) {

  public Transform {
    requireNonNull(id, "id is null");
    requireNonNull(output, "output is null");
    requireNonNull(semantics, "semantics is null");
    requireNonNull(fingerprint, "fingerprint is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Transform %s reads no dataset: a transform needs at least one input".formatted(id));
    }
    Set<DatasetId> seen = new HashSet<>();
    for (Input input : inputs) {
      if (!seen.add(input.dataset())) {
        throw new IllegalArgumentException(
            "Transform %s reads %s twice: merge both reads into one dependency".formatted(id, input.dataset()));
      }
      if (input.dataset().equals(output)) {
        throw new IllegalArgumentException("Invalid transform %s: it reads its own output %s".formatted(id, output));
      }
    }
  }

  /** The input on {@code dataset}, if this transform reads it. */
  public Optional<Input> input(DatasetId dataset) {
    return inputs.stream().filter(i -> i.dataset().equals(dataset)).findFirst();
  }

  /** A copy with another fingerprint, as when the SQL of the transform changed. */
  public Transform withFingerprint(String newFingerprint) {
    return new Transform(id, output, inputs, semantics, newFingerprint);
  }
}
