/**
 * The data state the planner reasons about: for every tracked partition its {@link
 * io.dataflow.gateway.planner.state.PartitionState}, the version of its contents and the {@link
 * io.dataflow.gateway.planner.state.Provenance} it was computed from. Every change is a {@link
 * io.dataflow.gateway.planner.state.Transition} with its cause, applied in atomic batches through the
 * {@link io.dataflow.gateway.planner.state.StateStore}, which the server backs with PostgreSQL.
 */
package io.dataflow.gateway.planner.state;
