package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.HttpRequest;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import io.dataflow.gateway.importer.sql.DagSourceScanner;
import io.dataflow.gateway.importer.sql.DagSourceScanner.OperatorCall;
import io.dataflow.gateway.importer.sql.DagSourceScanner.PyValue;
import io.dataflow.gateway.importer.sql.SqlDeRenderer;
import io.dataflow.gateway.importer.sql.SqlDeRenderer.RenderedRun;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a {@link LegacyTask} from what both generations say about a task, and recovers its SQL: first
 * from a literal {@code sql=} in the DAG source, then by de-rendering recent runs; otherwise the task
 * carries {@link SqlUnavailable} with every reason.
 */
final class TaskAssembler {

    private static final Pattern TEMPLATE_FILE = Pattern.compile("\\s*[\\w./-]+\\.(sql|hql|json|j2|jinja2)\\s*");
    /** BashOperator reads a command ending in {@code .sh} or {@code .bash} as a template file. */
    private static final Pattern SCRIPT_FILE = Pattern.compile("\\s*[\\w./-]+\\.(sh|bash)\\s*");
    /** The HTTP operators read no template files. */
    private static final Pattern NO_FILE = Pattern.compile("(?!)");
    private static final Set<String> HTTP_OPERATORS = Set.of("SimpleHttpOperator", "HttpOperator");
    /** Arguments of the HTTP operators whose effect a recovered request cannot carry: Python callables. */
    private static final List<String> CALLABLES = List.of("response_check", "pagination_function");
    /** A Python dict literal of string keys and values, the only headers a DAG source can give. */
    private static final Pattern STRING_DICT = Pattern.compile(
            "\\{\\s*(?:(?:\"[^\"\\\\]*\"|'[^'\\\\]*')\\s*:\\s*(?:\"[^\"\\\\]*\"|'[^'\\\\]*')\\s*(?:,\\s*|(?=\\})))*\\}");
    private static final Pattern DICT_ENTRY = Pattern.compile(
            "(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)')\\s*:\\s*(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)')");

    private TaskAssembler() {
    }

    /** A task's own fields, already read from either generation. */
    record TaskFacts(String taskId, String operatorClass, String operatorModule, List<String> downstream,
            String triggerRule, int retries, Optional<Duration> retryDelay, Optional<String> pool,
            Optional<Duration> executionTimeout, List<String> templateFields) {
    }

    /**
     * One run and the rendered fields of its task instances (unmapped instances only).
     *
     * @param renderedByTask task id to its {@code rendered_fields} object
     */
    record RunEvidence(OffsetDateTime logicalDate, Optional<OffsetDateTime> dataIntervalStart,
            Optional<OffsetDateTime> dataIntervalEnd, Map<String, Map<?, ?>> renderedByTask) {
    }

    /** Which datasets/assets schedule which DAG, and which tasks produce or consume them (URIs). */
    record DatasetLinks(Map<String, Set<String>> consumedByDag, Map<String, Set<String>> producedByTask,
            Map<String, Set<String>> consumedByTask) {
        static String key(String dagId, String taskId) {
            return dagId + "\u0000" + taskId;
        }
    }

    /**
     * @param source the DAG file, tokenized once per DAG, when it could be read
     * @param sourceProblem why it could not, otherwise
     */
    static LegacyTask task(String dagId, TaskFacts facts, Optional<DagSourceScanner.Scanned> source, String sourceProblem,
            List<RunEvidence> runs, DatasetLinks links) {
        requireNonNull(facts, "facts is null");
        Optional<OperatorCall> call = Optional.empty();
        String lookupProblem = "the DAG source could not be read (" + sourceProblem + ")";
        if (source.isPresent()) {
            switch (source.get().find(facts.taskId())) {
                case DagSourceScanner.Lookup.Found found -> call = Optional.of(found.call());
                case DagSourceScanner.Lookup.Missing missing -> lookupProblem = missing.reason();
            }
        }
        List<RunEvidence> latestFirst = runs.stream()
                .sorted(Comparator.comparing(RunEvidence::logicalDate).reversed()).toList();
        Optional<SqlTemplate> sql = facts.templateFields().contains("sql")
                ? Optional.of(recover("sql", TEMPLATE_FILE, facts.taskId(), call, lookupProblem, latestFirst))
                : Optional.empty();
        Optional<SqlTemplate> command = facts.templateFields().contains("bash_command")
                ? Optional.of(recover("bash_command", SCRIPT_FILE, facts.taskId(), call, lookupProblem, latestFirst))
                : Optional.empty();
        Optional<HttpRequest> http = HTTP_OPERATORS.contains(facts.operatorClass())
                && facts.operatorModule().startsWith("airflow.providers.http.")
                ? Optional.of(http(facts.taskId(), call, lookupProblem, latestFirst))
                : Optional.empty();
        String key = DatasetLinks.key(dagId, facts.taskId());
        return new LegacyTask(facts.taskId(), facts.operatorClass(), facts.operatorModule(), facts.downstream(),
                facts.triggerRule(), facts.retries(), facts.retryDelay(), facts.pool(), facts.executionTimeout(),
                facts.templateFields(),
                knownArgument("conn_id", facts.taskId(), call, latestFirst),
                knownArgument("database", facts.taskId(), call, latestFirst),
                List.copyOf(links.consumedByTask().getOrDefault(key, Set.of())),
                List.copyOf(links.producedByTask().getOrDefault(key, Set.of())),
                sql, command, http);
    }

    /**
     * The request of an HTTP operator. Its method, connection and callables are plain arguments, read
     * only from the DAG source; {@code endpoint} and {@code data} are templated, recovered like the SQL;
     * {@code headers} too is templated, read from a literal dict in the source, else from the rendered
     * runs when they all agree.
     */
    private static HttpRequest http(String taskId, Optional<OperatorCall> call, String lookupProblem, List<RunEvidence> runs) {
        List<String> unsupported = new ArrayList<>();
        Optional<String> connection = Optional.empty();
        String method = HttpRequest.DEFAULT_METHOD;
        Optional<SqlTemplate> endpoint;
        Optional<SqlTemplate> data;
        Map<String, String> headers = Map.of();
        if (call.isEmpty()) {
            unsupported.add("its http_conn_id, method and response_check are unknown: " + lookupProblem);
            endpoint = Optional.of(recover("endpoint", NO_FILE, taskId, call, lookupProblem, runs));
            data = renderedIn(runs, taskId, "data") ? Optional.of(recover("data", NO_FILE, taskId, call, lookupProblem, runs)) : Optional.empty();
            Optional<Map<String, String>> rendered = renderedHeaders(taskId, runs);
            if (rendered.isPresent()) {
                headers = rendered.get();
            } else if (renderedIn(runs, taskId, "headers")) {
                unsupported.add("headers: the rendered runs do not agree on them, or they are not all text");
            }
        } else {
            Map<String, PyValue> keywords = call.get().keywords();
            String where = call.get().callee() + "(…) at line " + call.get().line();
            switch (keywords.get("http_conn_id")) {
                case null -> connection = Optional.of(HttpRequest.DEFAULT_CONNECTION);
                case PyValue.Str s -> connection = Optional.of(s.value());
                default -> unsupported.add("http_conn_id: " + where + " does not give it as a literal");
            }
            switch (keywords.get("method")) {
                case null -> { }
                case PyValue.Str s when !s.value().isBlank() -> method = s.value();
                default -> unsupported.add("method: " + where + " does not give it as a literal");
            }
            for (String callable : CALLABLES) {
                if (keywords.containsKey(callable)) {
                    unsupported.add(callable + ": " + where + " passes a Python callable, which the gateway cannot run");
                }
            }
            endpoint = keywords.containsKey("endpoint")
                    ? Optional.of(recover("endpoint", NO_FILE, taskId, call, lookupProblem, runs))
                    : Optional.empty();
            data = keywords.containsKey("data")
                    ? Optional.of(recover("data", NO_FILE, taskId, call, lookupProblem, runs))
                    : Optional.empty();
            PyValue given = keywords.get("headers");
            Optional<Map<String, String>> literal = given instanceof PyValue.Expression e ? stringDict(e.text()) : Optional.empty();
            if (literal.isPresent()) {
                headers = literal.get();
            } else if (given != null) {
                Optional<Map<String, String>> rendered = renderedHeaders(taskId, runs);
                if (rendered.isPresent()) {
                    headers = rendered.get();
                } else {
                    unsupported.add("headers: " + where + " gives them as `" + (given instanceof PyValue.Expression e ? e.text() : given)
                            + "`, not a dict of text, and no rendered run shows them");
                }
            }
        }
        return new HttpRequest(connection, method, endpoint, data, headers, unsupported);
    }

    private static boolean renderedIn(List<RunEvidence> runs, String taskId, String field) {
        return runs.stream().map(r -> r.renderedByTask().get(taskId)).anyMatch(f -> f != null && f.get(field) != null);
    }

    /** The headers every rendered run shows, when they all show the same text values. */
    private static Optional<Map<String, String>> renderedHeaders(String taskId, List<RunEvidence> runs) {
        Map<String, String> agreed = null;
        for (RunEvidence run : runs) {
            Map<?, ?> fields = run.renderedByTask().get(taskId);
            if (fields == null || fields.get("headers") == null) {
                continue;
            }
            if (!(fields.get("headers") instanceof Map<?, ?> rendered)) {
                return Optional.empty();
            }
            Map<String, String> headers = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> entry : rendered.entrySet()) {
                if (!(entry.getKey() instanceof String name) || !(entry.getValue() instanceof String value)) {
                    return Optional.empty();
                }
                headers.put(name, value);
            }
            if (agreed != null && !agreed.equals(headers)) {
                return Optional.empty();
            }
            agreed = headers;
        }
        return Optional.ofNullable(agreed);
    }

    /** A dict literal of text keys and values without escapes, e.g. {@code {"Content-Type": "application/json"}}. */
    static Optional<Map<String, String>> stringDict(String text) {
        String literal = text.strip();
        if (!STRING_DICT.matcher(literal).matches()) {
            return Optional.empty();
        }
        Map<String, String> entries = new java.util.TreeMap<>();
        java.util.regex.Matcher entry = DICT_ENTRY.matcher(literal);
        while (entry.find()) {
            entries.put(entry.group(1) != null ? entry.group(1) : entry.group(2), entry.group(3) != null ? entry.group(3) : entry.group(4));
        }
        return Optional.of(entries);
    }

    /**
     * A templated argument ({@code sql}, {@code bash_command}): a literal in the DAG source, else
     * de-rendered from the rendered runs, else unavailable with both reasons.
     *
     * @param templateFile the values the operator reads as the name of a template file
     */
    private static SqlTemplate recover(String argument, Pattern templateFile, String taskId, Optional<OperatorCall> call,
            String lookupProblem, List<RunEvidence> runs) {
        String sourceReason;
        if (call.isEmpty()) {
            sourceReason = lookupProblem;
        } else {
            PyValue value = call.get().keywords().get(argument);
            String what = argument.equals("sql") ? "SQL" : argument;
            String where = call.get().callee() + "(…) at line " + call.get().line();
            sourceReason = switch (value) {
                case null -> where + " has no " + argument + "= argument";
                case PyValue.Str s when templateFile.matcher(s.value()).matches() ->
                        where + " reads its " + what + " from the template file '" + s.value().strip() + "'";
                case PyValue.Str s -> null;
                case PyValue.StrList l when l.values().stream().anyMatch(v -> templateFile.matcher(v).matches()) ->
                        where + " reads its " + what + " from template files " + l.values();
                case PyValue.StrList l -> null;
                case PyValue.Expression e -> where + " passes " + argument + "= as the expression `" + e.text() + "`, not a literal";
            };
            if (sourceReason == null) {
                List<String> statements = value instanceof PyValue.Str s ? List.of(s.value()) : ((PyValue.StrList) value).values();
                return new RecoveredSql(statements, SqlOrigin.DAG_SOURCE, 1.0, 1);
            }
        }
        List<RenderedRun> rendered = new ArrayList<>();
        for (RunEvidence run : runs) {
            Map<?, ?> fields = run.renderedByTask().get(taskId);
            if (fields != null) {
                statements(fields.get(argument)).ifPresent(s -> rendered.add(
                        new RenderedRun(run.logicalDate(), run.dataIntervalStart(), run.dataIntervalEnd(), s)));
            }
        }
        SqlTemplate derendered = SqlDeRenderer.deRender(rendered);
        if (derendered instanceof SqlUnavailable unavailable) {
            return new SqlUnavailable("DAG source: " + sourceReason + "; rendered runs: " + unavailable.reason());
        }
        return derendered;
    }

    private static Optional<List<String>> statements(Object rendered) {
        if (rendered instanceof String s) {
            return Optional.of(List.of(s));
        }
        if (rendered instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return Optional.of(list.stream().map(String.class::cast).toList());
        }
        return Optional.empty();
    }

    /** An argument's value from the latest rendered run, else from a literal in the source. */
    private static Optional<String> knownArgument(String name, String taskId, Optional<OperatorCall> call,
            List<RunEvidence> latestFirst) {
        for (RunEvidence run : latestFirst) {
            Map<?, ?> fields = run.renderedByTask().get(taskId);
            if (fields != null && fields.get(name) instanceof String value && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return call.map(c -> c.keywords().get(name))
                .filter(PyValue.Str.class::isInstance)
                .map(v -> ((PyValue.Str) v).value());
    }
}
