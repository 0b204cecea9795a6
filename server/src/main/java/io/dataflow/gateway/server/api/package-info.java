/**
 * The gateway's REST API under {@code /api/v1} in the terms of the data: datasets and their
 * partitions' states, lineage down to columns, the impact of a partition, runs, backfills and
 * tokens. Resources are thin: they parse the request, ask the running dataflow through {@link
 * io.dataflow.gateway.server.api.DataflowView} and answer with the wire records of this package;
 * every error becomes an {@link io.dataflow.gateway.server.api.ApiException}, which {@link
 * io.dataflow.gateway.server.api.ApiExceptionMapper} alone turns into an RFC 9457 problem.
 */
package io.dataflow.gateway.server.api;
