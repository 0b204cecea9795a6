/**
 * Reads Airflow deployments into the version-neutral {@link io.dataflow.gateway.importer.model.LegacyDag}
 * model: live from Airflow 2 ({@code /api/v1}) or Airflow 3 ({@code /api/v2}) through clients generated
 * from the project's own OpenAPI documents, or offline from an exported snapshot. Start at
 * {@link io.dataflow.gateway.importer.Importers}. {@link io.dataflow.gateway.importer.Bridges} gives the
 * operations on a live Airflow used during migration (package {@code bridge}); package {@code change}
 * tells what changed between two imports. Knows nothing of Calcite, Iceberg or Trino.
 */
package io.dataflow.gateway.importer;
