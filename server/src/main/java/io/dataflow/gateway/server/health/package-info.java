/** Health checks on the admin port: PostgreSQL, the Iceberg catalog and Trino. */
package io.dataflow.gateway.server.health;
