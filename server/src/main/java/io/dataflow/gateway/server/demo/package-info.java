/**
 * The demo ({@code ./gateway demo}): the example Airflow deployment imported into a running gateway,
 * sample data, the readiness report, the migration, and a restated day with the partitions the
 * dataflow reran and those a cron rerun would have left stale, all through the gateway's REST API and
 * Trino, so that the same steps can drive any gateway.
 */
package io.dataflow.gateway.server.demo;
