/**
 * Reads Airflow deployments: REST clients for Airflow 2 ({@code /api/v1}) and Airflow 3
 * ({@code /api/v2}), exported offline snapshots, and the version-neutral {@code LegacyDag} model that
 * the rest of the gateway consumes. Knows nothing of Calcite, Iceberg or Trino.
 */
package io.dataflow.gateway.importer;
