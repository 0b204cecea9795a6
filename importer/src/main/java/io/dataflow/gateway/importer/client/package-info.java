/**
 * Hand-written support for the clients generated from {@code src/main/openapi} (which live in the
 * {@code client.generated} sub-packages under {@code target/} and are never committed).
 */
package io.dataflow.gateway.importer.client;
