package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

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
        String key = DatasetLinks.key(dagId, facts.taskId());
        return new LegacyTask(facts.taskId(), facts.operatorClass(), facts.operatorModule(), facts.downstream(),
                facts.triggerRule(), facts.retries(), facts.retryDelay(), facts.pool(), facts.executionTimeout(),
                facts.templateFields(),
                knownArgument("conn_id", facts.taskId(), call, latestFirst),
                knownArgument("database", facts.taskId(), call, latestFirst),
                List.copyOf(links.consumedByTask().getOrDefault(key, Set.of())),
                List.copyOf(links.producedByTask().getOrDefault(key, Set.of())),
                sql, command);
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
