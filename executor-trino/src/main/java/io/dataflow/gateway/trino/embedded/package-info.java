/**
 * The embedded single-node Trino: obtaining the server and plugins from Maven artifacts, unpacking
 * them once into a shared cache, generating a loopback-only configuration, and running the server as
 * a child process whose lifecycle the caller owns.
 */
package io.dataflow.gateway.trino.embedded;
