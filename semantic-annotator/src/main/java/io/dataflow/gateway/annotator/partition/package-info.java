/**
 * Partition dependencies: for an edge from an input table to a task's output, which input partitions
 * an output partition needs ({@link io.dataflow.gateway.annotator.partition.PartitionDependency#inputsOf})
 * and, inversely, which output partitions a changed input partition affects
 * ({@link io.dataflow.gateway.annotator.partition.PartitionDependency#affectedBy}). Partitions are
 * identified by the start of their time span.
 */
package io.dataflow.gateway.annotator.partition;
