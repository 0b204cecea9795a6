/**
 * The two-way bridge between the dataflow and a live Airflow's dataset (Airflow 2) or asset (Airflow
 * 3) events, so that half a pipeline can move at a time: Airflow events on tables the dataflow reads
 * start dataflow work for the partitions they name, and dataflow commits on tables that not-migrated
 * Airflow DAGs are scheduled on become Airflow events, through an outbox in PostgreSQL.
 */
package io.dataflow.gateway.server.bridge;
