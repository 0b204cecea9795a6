package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.util.List;
import java.util.Optional;

/**
 * The table a task writes.
 *
 * @param table its name as the SQL writes it
 * @param writeMode how it is written
 * @param partitionColumns its partition columns (empty when unpartitioned or unknown)
 * @param writtenPartition the partition written, relative to the logical date ({@code ds},
 *     {@code ds - 1 days}, {@code date_trunc('month', ds)}), for people, when the task writes
 *     exactly one that is a function of it, or the partitions of its input's truncated to a coarser
 *     unit
 * @param writtenUnit the unit of the partitions written, with {@code writtenPartition}: an hour or a
 *     day for a partition at an offset from the logical date, a week, month or year when a partition
 *     column holds the starts of those periods
 */
public record OutputTable(
    TableName table, WriteMode writeMode, List<String> partitionColumns, Optional<String> writtenPartition,
    Optional<PartitionUnit> writtenUnit) {

  public OutputTable {
    requireNonNull(table, "table is null");
    requireNonNull(writeMode, "writeMode is null");
    partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
    requireNonNull(writtenPartition, "writtenPartition is null");
    requireNonNull(writtenUnit, "writtenUnit is null");
    if (writtenPartition.isPresent() != writtenUnit.isPresent()) {
      throw new IllegalArgumentException("writtenPartition and writtenUnit go together: " + writtenPartition + ", " + writtenUnit);
    }
  }

  /** A table whose written partitions are not known. */
  public OutputTable(TableName table, WriteMode writeMode, List<String> partitionColumns) {
    this(table, writeMode, partitionColumns, Optional.empty(), Optional.empty());
  }
}
