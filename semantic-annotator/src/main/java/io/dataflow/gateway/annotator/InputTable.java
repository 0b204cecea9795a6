package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.partition.PartitionDependency;
import java.util.List;

/**
 * A table a task reads.
 *
 * @param table its name as the SQL writes it
 * @param partitionColumns its partition columns (empty when unpartitioned or unknown)
 * @param partitionPredicates the predicates on its partition columns, relative to the logical date
 *     {@code ds} ({@code day BETWEEN ds - 6 AND ds})
 * @param dependency which partitions of it an output partition needs
 */
public record InputTable(
    TableName table,
    List<String> partitionColumns,
    List<String> partitionPredicates,
    PartitionDependency dependency) {

  public InputTable {
    requireNonNull(table, "table is null");
    partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
    partitionPredicates = List.copyOf(requireNonNull(partitionPredicates, "partitionPredicates is null"));
    requireNonNull(dependency, "dependency is null");
  }
}
