/**
 * The gateway as one process: configuration, wiring of the modules, persistence in PostgreSQL, the
 * REST API, health checks and command-line commands.
 */
package io.dataflow.gateway.server;
