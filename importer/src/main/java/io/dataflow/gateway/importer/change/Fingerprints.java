package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes the content hashes of the version-neutral model. A hash changes exactly when something changes
 * that the gateway would have to carry over to the dataflow.
 *
 * <p>What counts, per aspect, is listed in {@link DagAspect} and {@link TaskAspect}. What does not count:
 * <ul>
 *   <li>the paused flag: operational state, which the gateway itself flips when it cuts a DAG over;</li>
 *   <li>the file location: where the DAG file lies, not what it does (it moves with the deployment's DAG
 *       folder or bundle);</li>
 *   <li>how a SQL template was recovered and how surely (origin, confidence, evidence): these grow as runs
 *       accumulate while the SQL stays the same; likewise the reason text of unavailable SQL, which names
 *       run counts;</li>
 *   <li>order where Airflow gives none: owners, tags, template fields, downstream ids, inlets, outlets,
 *       tasks, params, and the operands of {@code all(…)}/{@code any(…)} dataset conditions;</li>
 *   <li>blanks: the runs of spaces in a cron expression, line endings and trailing blanks of SQL lines;</li>
 *   <li>what the model does not carry at all: last parsed time, next run, staleness, file token, bundle
 *       and DAG versions.</li>
 * </ul>
 * The task id is not part of a task's hash, only of its DAG's. {@link #VERSION} names this definition;
 * it changes whenever the definition does, so that hashes of different definitions are never compared.
 */
public final class Fingerprints {

    /** The version of the hash definition; stored in every {@link ImportBaseline}. */
    public static final int VERSION = 1;

    private Fingerprints() {
    }

    /** The fingerprint of a DAG and its tasks. */
    public static DagFingerprint of(LegacyDag dag) {
        requireNonNull(dag, "dag is null");
        Map<String, TaskFingerprint> tasks = new LinkedHashMap<>();
        for (LegacyTask task : dag.tasks()) {
            tasks.put(task.taskId(), of(task));
        }
        Map<DagAspect, String> aspects = new EnumMap<>(DagAspect.class);
        aspects.put(DagAspect.METADATA, Hashes.start()
                .add("description", optional(dag.description()))
                .add("owners", set(dag.owners()))
                .add("tags", set(dag.tags())).hex());
        aspects.put(DagAspect.SCHEDULE, Hashes.start()
                .add("schedule", schedule(dag.schedule()))
                .add("start_date", optional(dag.startDate().map(Instant::toString)))
                .add("end_date", optional(dag.endDate().map(Instant::toString)))
                .add("catchup", String.valueOf(dag.catchup())).hex());
        aspects.put(DagAspect.LIMITS, Hashes.start()
                .add("max_active_runs", optional(dag.maxActiveRuns().map(String::valueOf))).hex());
        Hashes params = Hashes.start();
        dag.params().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> params.add(e.getKey(), e.getValue()));
        aspects.put(DagAspect.PARAMS, params.hex());
        aspects.put(DagAspect.DATASETS, Hashes.start()
                .add("produced", set(dag.producedDatasets()))
                .add("consumed", set(dag.consumedDatasets())).hex());
        Hashes taskHashes = Hashes.start();
        tasks.values().stream().sorted((a, b) -> a.taskId().compareTo(b.taskId()))
                .forEach(t -> taskHashes.add(t.taskId(), t.hash()));
        aspects.put(DagAspect.TASKS, taskHashes.hex());
        return new DagFingerprint(dag.dagId(), whole(aspects), aspects, tasks);
    }

    /** The fingerprint of one task. */
    public static TaskFingerprint of(LegacyTask task) {
        requireNonNull(task, "task is null");
        Map<TaskAspect, String> aspects = new EnumMap<>(TaskAspect.class);
        aspects.put(TaskAspect.OPERATOR, Hashes.start()
                .add("module", task.operatorModule())
                .add("class", task.operatorClass())
                .add("template_fields", set(task.templateFields())).hex());
        aspects.put(TaskAspect.DEPENDENCIES, Hashes.start()
                .add("downstream", set(task.downstreamTaskIds()))
                .add("trigger_rule", task.triggerRule()).hex());
        Hashes sql = Hashes.start();
        switch (task.sql().orElse(null)) {
            case null -> sql.add("none");
            case RecoveredSql recovered -> {
                sql.add("recovered");
                recovered.statements().forEach(s -> sql.add(statement(s)));
            }
            case SqlUnavailable unavailable -> sql.add("unavailable");
        }
        // a shell command counts as the task's script like its SQL; tasks without one hash as before
        if (task.command().orElse(null) instanceof RecoveredSql command) {
            sql.add("command");
            command.statements().forEach(s -> sql.add(statement(s)));
        }
        // so does an HTTP operator's request, its connection counting as the task's connection
        task.http().ifPresent(http -> {
            sql.add("http").add(http.method());
            template(sql, "endpoint", http.endpoint());
            template(sql, "data", http.data());
            new java.util.TreeMap<>(http.headers()).forEach((name, value) -> sql.add(name).add(value));
            sql.add("unsupported").add(set(http.unsupported()));
        });
        aspects.put(TaskAspect.SQL, sql.hex());
        Hashes connection = Hashes.start()
                .add("conn_id", optional(task.connectionId()))
                .add("database", optional(task.database()));
        task.http().ifPresent(http -> connection.add("http_conn_id", optional(http.connectionId())));
        aspects.put(TaskAspect.CONNECTION, connection.hex());
        aspects.put(TaskAspect.EXECUTION, Hashes.start()
                .add("retries", String.valueOf(task.retries()))
                .add("retry_delay", optional(task.retryDelay().map(Duration::toString)))
                .add("execution_timeout", optional(task.executionTimeout().map(Duration::toString)))
                .add("pool", optional(task.pool())).hex());
        aspects.put(TaskAspect.DATASETS, Hashes.start()
                .add("inlets", set(task.inlets()))
                .add("outlets", set(task.outlets())).hex());
        return new TaskFingerprint(task.taskId(), whole(aspects), aspects);
    }

    private static void template(Hashes hashes, String name, Optional<io.dataflow.gateway.importer.model.SqlTemplate> template) {
        hashes.add(name);
        switch (template.orElse(null)) {
            case null -> hashes.add("none");
            case RecoveredSql recovered -> {
                hashes.add("recovered");
                recovered.statements().forEach(s -> hashes.add(statement(s)));
            }
            case SqlUnavailable unavailable -> hashes.add("unavailable");
        }
    }

    private static <A extends Enum<A>> String whole(Map<A, String> aspects) {
        Hashes all = Hashes.start().add("fingerprint-version", String.valueOf(VERSION));
        aspects.forEach((aspect, hash) -> all.add(aspect.name(), hash));
        return all.hex();
    }

    /** Absent and present-but-empty must differ: absent is one marker, present a prefix plus the value. */
    private static String optional(Optional<String> value) {
        return value.map(v -> "=" + v).orElse("-");
    }

    /** A collection whose order means nothing, as sorted, length-prefixed elements. */
    private static String set(Collection<String> values) {
        Hashes h = Hashes.start();
        values.stream().distinct().sorted().forEach(h::add);
        return values.isEmpty() ? "" : h.hex();
    }

    static String schedule(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Cron c -> "cron:" + c.expression().strip().replaceAll("\\s+", " ") + " @ " + c.timezone().getId();
            case Schedule.Preset p -> "preset:" + ("@annually".equals(p.name()) ? "@yearly" : p.name());
            case Schedule.Timedelta t -> "timedelta:" + t.every();
            case Schedule.DatasetTriggered d -> "datasets:" + condition(d.condition());
            case Schedule.Timetable t -> "timetable:" + t.description();
            case Schedule.None n -> "none";
        };
    }

    /**
     * A dataset condition with the operands of every {@code all(…)}/{@code any(…)} sorted. A condition that
     * does not parse (a URI with unbalanced parentheses) is kept as written.
     */
    static String condition(String condition) {
        String c = condition.strip();
        for (String op : List.of("all", "any")) {
            if (c.startsWith(op + "(") && c.endsWith(")")) {
                Optional<List<String>> operands = operands(c.substring(op.length() + 1, c.length() - 1));
                if (operands.isPresent()) {
                    return op + "(" + operands.get().stream().map(Fingerprints::condition).sorted()
                            .collect(Collectors.joining(", ")) + ")";
                }
            }
        }
        return c;
    }

    private static Optional<List<String>> operands(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth < 0) {
                return Optional.empty();
            } else if (ch == ',' && depth == 0) {
                parts.add(inner.substring(from, i).strip());
                from = i + 1;
            }
        }
        if (depth != 0) {
            return Optional.empty();
        }
        parts.add(inner.substring(from).strip());
        return Optional.of(parts);
    }

    /** A SQL statement with line endings unified and the blanks ending each line, and the whole, removed. */
    static String statement(String sql) {
        return sql.replace("\r\n", "\n").replace('\r', '\n').lines().map(String::stripTrailing)
                .collect(Collectors.joining("\n")).strip();
    }
}
