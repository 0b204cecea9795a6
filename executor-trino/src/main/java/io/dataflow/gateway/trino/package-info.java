/**
 * Trino as the gateway's engine: the embedded single-node Trino launched from Maven Central artifacts
 * when no cluster is configured, and the client that runs statements with query ids, timeouts,
 * cancellation and statistics.
 */
package io.dataflow.gateway.trino;
