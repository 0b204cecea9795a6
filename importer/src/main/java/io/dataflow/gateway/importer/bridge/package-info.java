/**
 * What the gateway does to a live Airflow during and after a migration, whichever generation it runs:
 * pause and unpause DAGs, read and create dataset (Airflow 2) or asset (Airflow 3) events, trigger DAG
 * runs and follow their state. {@link io.dataflow.gateway.importer.bridge.AirflowBridge} is the contract;
 * {@link io.dataflow.gateway.importer.Bridges#live} gives one for a connection.
 */
package io.dataflow.gateway.importer.bridge;
