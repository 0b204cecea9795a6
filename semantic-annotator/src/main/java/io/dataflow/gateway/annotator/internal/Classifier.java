package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.InputTable;
import io.dataflow.gateway.annotator.SemanticsClass;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionDependency;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the semantics class from the facts, widest reason first: anything that makes the result
 * not a function of input partitions is OPAQUE; an output that is rewritten whole, or an input read
 * whole, is FULL; identity on every partitioned input is MAP; any other computable set is PARTIAL.
 */
final class Classifier {

  record Result(SemanticsClass semanticsClass, String reason, List<String> notes) {}

  private Classifier() {}

  static Result classify(TaskShape shape, Optional<TableSchema> targetSchema,
      OutputPartitioning output, List<InputTable> inputs, List<String> opaqueReasons) {
    List<String> notes = new ArrayList<>();
    for (InputTable input : inputs) {
      if (input.partitionColumns().isEmpty()) {
        notes.add(input.table() + " is not partitioned and is read whole: any change to it affects"
            + " every output partition");
      }
    }
    if (!opaqueReasons.isEmpty()) {
      return new Result(SemanticsClass.OPAQUE, String.join("; ", opaqueReasons), notes);
    }
    String target = shape.target().map(Object::toString).orElse("its result");
    List<String> full = new ArrayList<>();
    WriteMode mode = shape.writeMode().orElse(WriteMode.APPEND);
    if (mode == WriteMode.FULL_REPLACE) {
      full.add("replaces the whole of " + target);
    } else if (mode == WriteMode.MERGE) {
      full.add("merges into " + target + " by key, so rows of any partition may change");
    }
    if (shape.target().isPresent() && targetSchema.isPresent() && !output.partitioned()) {
      full.add(target + " is not partitioned by date or time");
    }
    output.unknown().ifPresent(full::add);
    List<InputTable> partitioned =
        inputs.stream().filter(i -> !i.partitionColumns().isEmpty()).toList();
    for (InputTable input : partitioned) {
      if (input.dependency() instanceof PartitionDependency.All && output.unknown().isEmpty()) {
        full.add("reads every partition of " + input.table()
            + (input.partitionPredicates().isEmpty()
                ? " (no predicate on " + String.join(", ", input.partitionColumns())
                    + " relative to the logical date)"
                : output.coarsenedTo().isPresent()
                    ? " (its predicates " + input.partitionPredicates() + " do not keep what one "
                        + output.coarsenedTo().get().name().toLowerCase(java.util.Locale.ROOT)
                        + " partition of " + target + " reads within that "
                        + output.coarsenedTo().get().name().toLowerCase(java.util.Locale.ROOT) + ")"
                    : " (its predicates " + input.partitionPredicates() + " bound no window)"));
      }
    }
    if (partitioned.isEmpty() && !inputs.isEmpty() && full.isEmpty()) {
      full.add("reads only unpartitioned tables, whole");
    }
    if (!full.isEmpty()) {
      return new Result(SemanticsClass.FULL, capitalize(String.join("; ", full)), notes);
    }
    List<String> partial = new ArrayList<>();
    for (InputTable input : partitioned) {
      if (!(input.dependency() instanceof PartitionDependency.Identity)) {
        partial.add("reads " + input.dependency().describe() + " of " + input.table());
      }
    }
    if (!partial.isEmpty()) {
      String subject = output.coarsenedTo()
          .map(unit -> "Each " + unit.name().toLowerCase(java.util.Locale.ROOT) + " partition of "
              + target)
          .orElseGet(() -> output.written().map(w -> "Partition " + w + " of " + target)
              .orElse("Each partition of " + target));
      return new Result(SemanticsClass.PARTIAL, subject + " " + String.join(" and ", partial),
          notes);
    }
    if (partitioned.isEmpty()) {
      return new Result(SemanticsClass.MAP, "Reads no table", notes);
    }
    return new Result(SemanticsClass.MAP, "Each partition of " + target
        + " is computed from the same partition of " + String.join(", ",
            partitioned.stream().map(i -> i.table().toString()).toList()), notes);
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
