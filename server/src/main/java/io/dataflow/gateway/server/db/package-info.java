/**
 * The gateway's PostgreSQL: the embedded server started from Maven-packaged binaries when no
 * database is configured, the connection to an external one otherwise, and the versioned schema
 * migrations.
 */
package io.dataflow.gateway.server.db;
