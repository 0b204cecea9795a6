/** Test fixtures for other modules: a shared real Trino for integration tests. */
package io.dataflow.gateway.trino.testing;
