/**
 * Who may call the gateway: API tokens with a role, stored as SHA-256 hashes in PostgreSQL
 * (migration V5), the access policy that maps each request to the role it needs, and the filter that
 * enforces it on the REST API and on the Iceberg catalog that Trino reads.
 */
package io.dataflow.gateway.server.auth;
