/**
 * The Quartz fallback: tasks the gateway cannot translate into the dataflow (OPAQUE tasks, or tasks a
 * user pins here) keep running on their original Airflow schedule.
 *
 * <p>{@link io.dataflow.gateway.server.fallback.ScheduleConversion} turns an Airflow schedule into
 * Quartz triggers that fire when Airflow would have started a run: at the <em>end</em> of each data
 * interval. {@link io.dataflow.gateway.server.fallback.FallbackScheduler} keeps the jobs in Quartz's
 * JDBC job store in the gateway's PostgreSQL, clustered, so schedules survive restarts and several
 * gateway instances share the work. Every run is recorded in {@code fallback_runs}, and its outcome is
 * handed to a {@link io.dataflow.gateway.server.fallback.FallbackOutcomeListener} so that a success
 * can count as a change to the task's declared output datasets.
 */
package io.dataflow.gateway.server.fallback;
