package io.dataflow.gateway.importer.sql;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.sql.PythonTokenizer.Kind;
import io.dataflow.gateway.importer.sql.PythonTokenizer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the operator call that creates a task in a DAG file and reads its keyword arguments, without
 * running Python. The call is the one whose {@code task_id=} argument is the given string literal. Only
 * literal values are read: a string (implicitly concatenated parts included) or a list/tuple of
 * strings. Anything else is reported as an expression, never evaluated.
 */
public final class DagSourceScanner {

    private DagSourceScanner() {
    }

    /** A keyword argument's value as written in the source. */
    public sealed interface PyValue {
        /** A plain string literal. */
        record Str(String value) implements PyValue {
            public Str {
                requireNonNull(value, "value is null");
            }
        }

        /** A list or tuple whose items are all plain string literals. */
        record StrList(List<String> values) implements PyValue {
            public StrList {
                values = List.copyOf(requireNonNull(values, "values is null"));
            }
        }

        /** Anything else (a name, a call, an f-string …); the text is the source as written. */
        record Expression(String text) implements PyValue {
            public Expression {
                requireNonNull(text, "text is null");
            }
        }
    }

    /**
     * The call that creates one task.
     *
     * @param callee the called name as written, e.g. {@code SQLExecuteQueryOperator}
     * @param keywords the keyword arguments in source order
     * @param line the 1-based line of the call
     */
    public record OperatorCall(String callee, Map<String, PyValue> keywords, int line) {
        public OperatorCall {
            requireNonNull(callee, "callee is null");
            keywords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(keywords, "keywords is null")));
        }
    }

    /** The outcome of a lookup: exactly one call found, or why not. */
    public sealed interface Lookup {
        /** The task's call. */
        record Found(OperatorCall call) implements Lookup {
            public Found {
                requireNonNull(call, "call is null");
            }
        }

        /** No single call could be attributed to the task. */
        record Missing(String reason) implements Lookup {
            public Missing {
                requireNonNull(reason, "reason is null");
            }
        }
    }

    /**
     * Finds the call with {@code task_id="<taskId>"} in a DAG file.
     *
     * @param source the Python source of the DAG file
     * @param taskId the task id to look for
     * @return the call, or {@link Lookup.Missing} when none or more than one call has that task id
     */
    public static Lookup find(String source, String taskId) {
        return scan(source).find(taskId);
    }

    /**
     * Tokenizes a DAG file once, for looking up each of its tasks without reading the file again (a DAG's
     * tasks are looked up one by one: tokenizing per task made the import quadratic in the file's size).
     */
    public static Scanned scan(String source) {
        requireNonNull(source, "source is null");
        List<Token> tokens = PythonTokenizer.tokenize(source);
        return new Scanned(source, tokens, matchBrackets(tokens));
    }

    /** A tokenized DAG file; {@link #find} is {@link DagSourceScanner#find(String, String)} on it. */
    public static final class Scanned {
        private final String source;
        private final List<Token> tokens;
        private final int[] closing;

        private Scanned(String source, List<Token> tokens, int[] closing) {
            this.source = source;
            this.tokens = tokens;
            this.closing = closing;
        }

        /** The call with {@code task_id="<taskId>"}, or why there is not exactly one. */
        public Lookup find(String taskId) {
            return DagSourceScanner.find(source, tokens, closing, taskId);
        }
    }

    private static Lookup find(String source, List<Token> tokens, int[] closing, String taskId) {
        requireNonNull(taskId, "taskId is null");
        List<OperatorCall> calls = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                open.push(i);
            } else if ((t.is(")") || t.is("]") || t.is("}")) && !open.isEmpty()) {
                open.pop();
            } else if (t.kind() == Kind.NAME && t.value().equals("task_id") && i + 2 < tokens.size()
                    && tokens.get(i + 1).is("=") && isLiteral(tokens.get(i + 2), taskId) && !open.isEmpty()) {
                int paren = open.peek();
                boolean keywordOfCall = tokens.get(paren).is("(") && paren > 0
                        && tokens.get(paren - 1).kind() == Kind.NAME
                        && (tokens.get(i - 1).is(",") || tokens.get(i - 1).is("("));
                if (keywordOfCall) {
                    calls.add(call(source, tokens, paren, closing[paren]));
                }
            }
        }
        if (calls.isEmpty()) {
            return new Lookup.Missing("no call with task_id='" + taskId + "' as a literal in the DAG source");
        }
        if (calls.size() > 1) {
            return new Lookup.Missing("task_id='" + taskId + "' appears in " + calls.size()
                    + " calls of the DAG source (lines " + calls.stream().map(c -> String.valueOf(c.line())).toList() + ")");
        }
        return new Lookup.Found(calls.getFirst());
    }

    private static boolean isLiteral(Token token, String value) {
        return token.kind() == Kind.STRING && token.literal() && token.value().equals(value);
    }

    private static int[] matchBrackets(List<Token> tokens) {
        int[] closing = new int[tokens.size()];
        java.util.Arrays.fill(closing, tokens.size());
        Deque<Integer> stack = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                stack.push(i);
            } else if ((t.is(")") || t.is("]") || t.is("}")) && !stack.isEmpty()) {
                closing[stack.pop()] = i;
            }
        }
        return closing;
    }

    private static OperatorCall call(String source, List<Token> tokens, int open, int close) {
        int calleeStart = open - 1;
        while (calleeStart >= 2 && tokens.get(calleeStart - 1).is(".") && tokens.get(calleeStart - 2).kind() == Kind.NAME) {
            calleeStart -= 2;
        }
        String callee = source.substring(tokens.get(calleeStart).start(), tokens.get(open - 1).end());
        Map<String, PyValue> keywords = new LinkedHashMap<>();
        int argStart = open + 1;
        int i = open + 1;
        while (i <= close && i < tokens.size()) {
            Token t = tokens.get(i);
            if (i == close || t.is(",")) {
                if (i - argStart >= 3 && tokens.get(argStart).kind() == Kind.NAME && tokens.get(argStart + 1).is("=")) {
                    keywords.put(tokens.get(argStart).value(), value(source, tokens, argStart + 2, i));
                }
                argStart = i + 1;
                i++;
            } else if (t.is("(") || t.is("[") || t.is("{")) {
                i = closingOf(tokens, i) + 1;
            } else {
                i++;
            }
        }
        int line = 1 + (int) source.substring(0, tokens.get(calleeStart).start()).chars().filter(c -> c == '\n').count();
        return new OperatorCall(callee, keywords, line);
    }

    private static int closingOf(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return tokens.size();
    }

    /** The value of tokens [from, to). */
    private static PyValue value(String source, List<Token> tokens, int from, int to) {
        String text = source.substring(tokens.get(from).start(), tokens.get(to - 1).end());
        String single = concatenation(tokens, from, to);
        if (single != null) {
            return new PyValue.Str(single);
        }
        Token first = tokens.get(from);
        Token last = tokens.get(to - 1);
        if (((first.is("[") && last.is("]")) || (first.is("(") && last.is(")"))) && closingOf(tokens, from) == to - 1) {
            List<String> items = new ArrayList<>();
            int itemStart = from + 1;
            for (int i = from + 1; i <= to - 1; i++) {
                if (i == to - 1 || tokens.get(i).is(",")) {
                    if (i > itemStart) {
                        String item = concatenation(tokens, itemStart, i);
                        if (item == null) {
                            return new PyValue.Expression(text);
                        }
                        items.add(item);
                    }
                    itemStart = i + 1;
                }
            }
            if (!items.isEmpty()) {
                return new PyValue.StrList(items);
            }
        }
        return new PyValue.Expression(text);
    }

    /** Adjacent plain string literals joined, or null when [from, to) is anything else. */
    private static String concatenation(List<Token> tokens, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.STRING || !t.literal()) {
                return null;
            }
            out.append(t.value());
        }
        return from < to ? out.toString() : null;
    }
}
