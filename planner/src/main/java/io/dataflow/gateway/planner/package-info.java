/**
 * The dataflow model (datasets, transforms, partition dependencies, partition state, provenance) and
 * the pure decisions made over it: change propagation, task waves, retries and the cost model. No I/O:
 * persistence and execution sit behind small interfaces implemented elsewhere.
 */
package io.dataflow.gateway.planner;
