/**
 * Change detection between imports. {@link io.dataflow.gateway.importer.change.Fingerprints} computes a
 * stable content hash of each DAG and task of the version-neutral model, per aspect (schedule, SQL,
 * dependencies …), so that a stored {@link io.dataflow.gateway.importer.change.ImportBaseline} is enough
 * to tell, for a new import, which DAGs are new, changed (and how), unchanged, removed or failed:
 * {@link io.dataflow.gateway.importer.change.ImportComparison}.
 *
 * <p>Hashes ignore what is volatile or only a matter of order; see {@link
 * io.dataflow.gateway.importer.change.Fingerprints} for exactly which fields count.
 */
package io.dataflow.gateway.importer.change;
