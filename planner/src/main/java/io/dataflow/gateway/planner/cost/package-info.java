/**
 * The cost model: for a transform with several affected partitions, whether to run one task per
 * partition, one batched query per contiguous range, or one full recompute, estimated from table
 * statistics (partition counts, file sizes, record counts), with the reason recorded for people.
 */
package io.dataflow.gateway.planner.cost;
