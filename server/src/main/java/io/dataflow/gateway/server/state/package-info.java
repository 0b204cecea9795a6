/**
 * The planner's partition states and their history in PostgreSQL: the {@link
 * io.dataflow.gateway.planner.state.StateStore} the gateway runs with.
 */
package io.dataflow.gateway.server.state;
