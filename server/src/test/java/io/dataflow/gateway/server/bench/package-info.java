/**
 * Benchmarks of the dataflow on a gateway of its own, with the embedded PostgreSQL and Trino: a
 * backfill of the running example against one Airflow task per day, the reaction time from a
 * commit to the first downstream task, and the precision of a restatement against the Airflow
 * user's way and a full rebuild. {@link io.dataflow.gateway.server.bench.DataflowBenchmark} is a
 * {@code main}, not a test, so the build never runs it; {@code server/BENCHMARKS.md} says how to.
 */
package io.dataflow.gateway.server.bench;
