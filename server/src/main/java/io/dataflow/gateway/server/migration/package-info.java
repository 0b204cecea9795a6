/**
 * DAGs imported from Airflow and their migration into the dataflow: imports kept with what changed,
 * each task's translation status, migrating a DAG (or some of its tasks) and rolling it back.
 */
package io.dataflow.gateway.server.migration;
