/**
 * Recovering the SQL template of an Airflow task without running Python: reading literal {@code sql=}
 * arguments out of a DAG file ({@link io.dataflow.gateway.importer.sql.DagSourceScanner}) and
 * reconstructing a template from the rendered SQL of several runs
 * ({@link io.dataflow.gateway.importer.sql.SqlDeRenderer}).
 */
package io.dataflow.gateway.importer.sql;
