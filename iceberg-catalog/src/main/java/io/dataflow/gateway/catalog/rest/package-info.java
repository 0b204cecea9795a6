/**
 * The Iceberg REST catalog protocol over HTTP: a JAX-RS resource that parses Iceberg's own request
 * objects, calls the {@link io.dataflow.gateway.catalog.GatewayCatalog} and answers with Iceberg's
 * response objects and error model.
 */
package io.dataflow.gateway.catalog.rest;
