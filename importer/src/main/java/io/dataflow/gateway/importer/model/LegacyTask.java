package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One task of a {@link LegacyDag}.
 *
 * @param taskId the task id, unique in its DAG
 * @param operatorClass the operator's class name, e.g. {@code SQLExecuteQueryOperator}
 * @param operatorModule the operator's module; Airflow 2 paths of operators that moved to the standard
 *     provider in Airflow 3 are given in their Airflow 3 form, so both generations read the same
 * @param downstreamTaskIds the tasks that run after this one, sorted
 * @param triggerRule e.g. {@code all_success}
 * @param retries how often Airflow retries a failed try
 * @param retryDelay the delay between tries, when set
 * @param pool the pool the task runs in, when set
 * @param executionTimeout the time limit of one try, when set
 * @param templateFields the operator's templated argument names
 * @param connectionId the connection id, where known (from rendered fields or a literal in the source)
 * @param database the database argument, where known
 * @param inlets URIs of the datasets/assets the task declares as inputs
 * @param outlets URIs of the datasets/assets the task produces
 * @param sql the SQL template, present exactly when the operator has a {@code sql} template field
 * @param command the shell command template, present exactly when the operator has a {@code bash_command}
 *     template field (BashOperator), recovered the same way as the SQL
 * @param http the request, present exactly when the operator is an HTTP operator of the http provider
 *     ({@code SimpleHttpOperator}, {@code HttpOperator}); its templated fields recovered like the SQL
 */
public record LegacyTask(
        String taskId,
        String operatorClass,
        String operatorModule,
        List<String> downstreamTaskIds,
        String triggerRule,
        int retries,
        Optional<Duration> retryDelay,
        Optional<String> pool,
        Optional<Duration> executionTimeout,
        List<String> templateFields,
        Optional<String> connectionId,
        Optional<String> database,
        List<String> inlets,
        List<String> outlets,
        Optional<SqlTemplate> sql,
        Optional<SqlTemplate> command,
        Optional<HttpRequest> http) {

    public LegacyTask {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(operatorClass, "operatorClass is null");
        requireNonNull(operatorModule, "operatorModule is null");
        requireNonNull(triggerRule, "triggerRule is null");
        requireNonNull(retryDelay, "retryDelay is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(executionTimeout, "executionTimeout is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(database, "database is null");
        requireNonNull(sql, "sql is null");
        // absent from tasks recorded before the command was recovered
        command = command == null ? Optional.empty() : command;
        // likewise the HTTP request
        http = http == null ? Optional.empty() : http;
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("Invalid task: the task id is blank");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("Invalid task '" + taskId + "': retries is " + retries + ", expected >= 0");
        }
        downstreamTaskIds = List.copyOf(requireNonNull(downstreamTaskIds, "downstreamTaskIds is null"))
                .stream().sorted().toList();
        templateFields = List.copyOf(requireNonNull(templateFields, "templateFields is null"));
        inlets = List.copyOf(requireNonNull(inlets, "inlets is null")).stream().sorted().toList();
        outlets = List.copyOf(requireNonNull(outlets, "outlets is null")).stream().sorted().toList();
        if (downstreamTaskIds.contains(taskId)) {
            throw new IllegalArgumentException("Invalid task '" + taskId + "': it lists itself as downstream");
        }
    }

    /** A task of an operator that is not an HTTP operator. */
    public LegacyTask(String taskId, String operatorClass, String operatorModule, List<String> downstreamTaskIds, String triggerRule,
            int retries, Optional<Duration> retryDelay, Optional<String> pool, Optional<Duration> executionTimeout,
            List<String> templateFields, Optional<String> connectionId, Optional<String> database, List<String> inlets,
            List<String> outlets, Optional<SqlTemplate> sql, Optional<SqlTemplate> command) {
        this(taskId, operatorClass, operatorModule, downstreamTaskIds, triggerRule, retries, retryDelay, pool, executionTimeout,
                templateFields, connectionId, database, inlets, outlets, sql, command, Optional.empty());
    }

    /** The fully qualified operator class, {@code module.Class}. */
    public String operator() {
        return operatorModule + "." + operatorClass;
    }
}
