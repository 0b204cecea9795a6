package io.dataflow.gateway.importer.model;

/**
 * The SQL of a task that has a {@code sql} template field: either recovered, with how and how surely,
 * or unavailable with the reason. Never a guess.
 */
public sealed interface SqlTemplate permits RecoveredSql, SqlUnavailable {
}
