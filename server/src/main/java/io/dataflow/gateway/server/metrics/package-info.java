/**
 * What operators watch: the gateway's metrics, served in the Prometheus text format on the admin port,
 * and the fields every log line about a run carries (through SLF4J's MDC), so that the lines of one
 * run can be found among those of the others.
 */
package io.dataflow.gateway.server.metrics;
