/**
 * The decisions: a snapshot event marks every transitively affected partition stale at once ({@link
 * io.dataflow.gateway.planner.scheduling.Planner#onSnapshot}); work is then planned in glitch-free
 * waves, a task being ready only when none of its input partitions is stale, pending or running
 * ({@link io.dataflow.gateway.planner.scheduling.Planner#plan}); run outcomes come back as success
 * with a content checksum (early cutoff) or a classified failure (retry with backoff, or failed and
 * blocked downstream); backfills are the same mechanism in a requested order. Nothing here sleeps,
 * reads a clock or does I/O: time is passed in, state goes through the {@link
 * io.dataflow.gateway.planner.state.StateStore}.
 */
package io.dataflow.gateway.planner.scheduling;
