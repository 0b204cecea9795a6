/**
 * The version-neutral picture of an Airflow DAG that the rest of the gateway consumes: {@link
 * io.dataflow.gateway.importer.model.LegacyDag}, its {@link io.dataflow.gateway.importer.model.LegacyTask
 * tasks}, its {@link io.dataflow.gateway.importer.model.Schedule schedule} and each SQL task's
 * {@link io.dataflow.gateway.importer.model.SqlTemplate template}. Immutable records only; a caller
 * cannot tell whether a value came from Airflow 2, Airflow 3 or an offline snapshot.
 */
package io.dataflow.gateway.importer.model;
