/**
 * The immutable dataflow model: datasets (Iceberg tables), transforms between them, the partition
 * keys of those tables and, on every edge, the {@link io.dataflow.gateway.planner.model.PartitionDependency}
 * that says which input partitions an output partition is computed from. A {@link
 * io.dataflow.gateway.planner.model.DataflowGraph} is validated when built and never changes; a change
 * produces a new version.
 */
package io.dataflow.gateway.planner.model;
