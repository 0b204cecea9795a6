package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The table a task writes.
 *
 * @param table its name as the SQL writes it
 * @param writeMode how it is written
 * @param partitionColumns its partition columns (empty when unpartitioned or unknown)
 * @param writtenPartition the partition written, relative to the logical date ({@code ds},
 *     {@code ds - 1 days}), when the task writes exactly one that is a function of it
 */
public record OutputTable(
    TableName table, WriteMode writeMode, List<String> partitionColumns, Optional<String> writtenPartition) {

  public OutputTable {
    requireNonNull(table, "table is null");
    requireNonNull(writeMode, "writeMode is null");
    partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
    requireNonNull(writtenPartition, "writtenPartition is null");
  }
}
