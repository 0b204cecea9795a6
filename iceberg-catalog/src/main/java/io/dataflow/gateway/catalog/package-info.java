/**
 * The Iceberg REST catalog that the gateway serves, built on Iceberg's own catalog handlers over a
 * {@code JdbcCatalog}, and the commit hook that turns every new snapshot into a {@code SnapshotEvent}
 * naming exactly the partitions whose data changed.
 */
package io.dataflow.gateway.catalog;
