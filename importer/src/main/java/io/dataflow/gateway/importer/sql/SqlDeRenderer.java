package io.dataflow.gateway.importer.sql;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reconstructs a SQL template from the rendered SQL of several runs with known logical dates.
 *
 * <p>Each run's SQL is cut into fixed text and date-like literals ({@code 2024-01-10},
 * {@code 20240110}, {@code 2024-01-10T00:00:00+00:00}). Runs whose fixed text is identical form a
 * group; the largest group is used. A literal with the same value in every run stays a literal, even
 * when it looks like a date. A literal that moves is replaced by the first template expression that
 * produces its value in <em>every</em> run of the group: {@code {{ ds }}}, {@code {{ ds_nodash }}},
 * {@code {{ macros.ds_add(ds, n) }}}, {@code {{ data_interval_start }}},
 * {@code {{ data_interval_end }}}, {@code {{ ts }}}. When none fits, the result is
 * {@link SqlUnavailable} naming the literal: never a guess.
 *
 * <p>Confidence: {@code 1 - 2^-(n-1)} for {@code n} agreeing runs (0.5 for two, 0.75 for three …),
 * scaled by the share of the runs that agree.
 */
public final class SqlDeRenderer {

    /** The prefix Airflow puts on rendered values longer than {@code max_templated_field_length}. */
    static final String TRUNCATED_PREFIX = "Truncated. You can change this behaviour";

    private static final Pattern DATE_LIKE = Pattern.compile(
            "(?<![\\d-])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:[+-]\\d{2}:\\d{2}|Z)?)?(?!\\d)"
                    + "|(?<!\\d)\\d{8}(?!\\d)");
    private static final DateTimeFormatter NODASH = DateTimeFormatter.BASIC_ISO_DATE;

    private SqlDeRenderer() {
    }

    /**
     * The rendered SQL of one run.
     *
     * @param logicalDate the run's logical date (Airflow's {@code ds} is its UTC date)
     * @param dataIntervalStart the run's data interval start, when known
     * @param dataIntervalEnd the run's data interval end, when known
     * @param statements the rendered {@code sql} field: one string, or the items of a list
     */
    public record RenderedRun(OffsetDateTime logicalDate, Optional<OffsetDateTime> dataIntervalStart,
            Optional<OffsetDateTime> dataIntervalEnd, List<String> statements) {
        public RenderedRun {
            requireNonNull(logicalDate, "logicalDate is null");
            requireNonNull(dataIntervalStart, "dataIntervalStart is null");
            requireNonNull(dataIntervalEnd, "dataIntervalEnd is null");
            statements = List.copyOf(requireNonNull(statements, "statements is null"));
        }

        LocalDate ds() {
            return logicalDate.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
    }

    /** A template expression and how it renders for a run (empty when it cannot be rendered). */
    private record Expression(String jinja, Function<RenderedRun, Optional<String>> render) {
    }

    /** One run cut into fixed text pieces and the literals between them. */
    private record Cut(RenderedRun run, String skeleton, List<List<String>> texts, List<List<String>> literals) {
    }

    /**
     * De-renders the runs.
     *
     * @param runs the rendered SQL of recent runs, in any order
     * @return the recovered template, or why it could not be recovered
     */
    public static SqlTemplate deRender(List<RenderedRun> runs) {
        requireNonNull(runs, "runs is null");
        List<RenderedRun> usable = runs.stream()
                .filter(r -> r.statements().stream().noneMatch(s -> s.startsWith(TRUNCATED_PREFIX)))
                .toList();
        long dates = usable.stream().map(RenderedRun::ds).distinct().count();
        if (dates < 2) {
            return new SqlUnavailable("de-rendering needs the rendered SQL of at least two runs with different logical"
                    + " dates; found " + usable.size() + " usable run(s) with " + dates + " distinct date(s)"
                    + (usable.size() < runs.size() ? " (" + (runs.size() - usable.size()) + " truncated by Airflow)" : ""));
        }
        Map<String, List<Cut>> groups = new LinkedHashMap<>();
        usable.stream()
                .sorted(Comparator.comparing(RenderedRun::logicalDate).reversed())
                .map(SqlDeRenderer::cut)
                .forEach(c -> groups.computeIfAbsent(c.skeleton(), k -> new ArrayList<>()).add(c));
        List<Cut> group = groups.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        long groupDates = group.stream().map(c -> c.run().ds()).distinct().count();
        if (groupDates < 2) {
            return new SqlUnavailable("the rendered SQL of the " + usable.size() + " runs differs beyond date-like"
                    + " literals: no two runs with different logical dates share the same SQL text");
        }
        Cut first = group.getFirst();
        List<String> statements = new ArrayList<>();
        boolean moved = false;
        for (int s = 0; s < first.texts().size(); s++) {
            StringBuilder template = new StringBuilder(first.texts().get(s).getFirst());
            for (int k = 0; k < first.literals().get(s).size(); k++) {
                final int statement = s;
                final int slot = k;
                List<String> values = group.stream().map(c -> c.literals().get(statement).get(slot)).toList();
                if (values.stream().distinct().count() == 1) {
                    template.append(values.getFirst());
                } else {
                    Optional<String> expression = explain(group, statement, slot);
                    if (expression.isEmpty()) {
                        return new SqlUnavailable("the literal '" + values.getFirst() + "' (statement " + (s + 1)
                                + ", date-like literal " + (k + 1) + ") changes between runs (" + values
                                + ") but matches none of {{ ds }}, {{ ds_nodash }}, {{ macros.ds_add(ds, n) }},"
                                + " {{ data_interval_start }}, {{ data_interval_end }}, {{ ts }}");
                    }
                    template.append(expression.get());
                    moved = true;
                }
                template.append(first.texts().get(s).get(k + 1));
            }
            statements.add(template.toString());
        }
        int agreeing = group.size();
        double confidence = (1 - Math.pow(0.5, agreeing - 1)) * agreeing / usable.size();
        return new RecoveredSql(statements, moved ? SqlOrigin.DE_RENDERED : SqlOrigin.RENDERED_CONSTANT,
                confidence, agreeing);
    }

    private static Cut cut(RenderedRun run) {
        List<List<String>> texts = new ArrayList<>();
        List<List<String>> literals = new ArrayList<>();
        StringBuilder skeleton = new StringBuilder();
        for (String statement : run.statements()) {
            List<String> text = new ArrayList<>();
            List<String> found = new ArrayList<>();
            Matcher m = DATE_LIKE.matcher(statement);
            int last = 0;
            while (m.find()) {
                text.add(statement.substring(last, m.start()));
                found.add(m.group());
                last = m.end();
            }
            text.add(statement.substring(last));
            texts.add(text);
            literals.add(found);
            skeleton.append(String.join("\u0000", text)).append("\u0001");
        }
        return new Cut(run, skeleton.toString(), texts, literals);
    }

    /** The first expression that renders to the slot's value in every run of the group. */
    private static Optional<String> explain(List<Cut> group, int statement, int slot) {
        for (Expression e : candidates(group.getFirst(), statement, slot)) {
            boolean all = group.stream().allMatch(c ->
                    e.render().apply(c.run()).map(v -> v.equals(c.literals().get(statement).get(slot))).orElse(false));
            if (all) {
                return Optional.of(e.jinja());
            }
        }
        return Optional.empty();
    }

    private static List<Expression> candidates(Cut sample, int statement, int slot) {
        String value = sample.literals().get(statement).get(slot);
        List<Expression> list = new ArrayList<>();
        if (value.length() == 10) {
            list.add(new Expression("{{ ds }}", r -> Optional.of(r.ds().toString())));
            long offset = ChronoUnit.DAYS.between(sample.run().ds(), parseDate(value).orElse(sample.run().ds()));
            if (offset != 0) {
                list.add(new Expression("{{ macros.ds_add(ds, " + offset + ") }}",
                        r -> Optional.of(r.ds().plusDays(offset).toString())));
            }
        } else if (value.length() == 8) {
            list.add(new Expression("{{ ds_nodash }}", r -> Optional.of(r.ds().format(NODASH))));
            Optional<LocalDate> date = parseNodash(value);
            if (date.isPresent()) {
                long offset = ChronoUnit.DAYS.between(sample.run().ds(), date.get());
                if (offset != 0) {
                    list.add(new Expression("{{ macros.ds_format(macros.ds_add(ds, " + offset + "), '%Y-%m-%d', '%Y%m%d') }}",
                            r -> Optional.of(r.ds().plusDays(offset).format(NODASH))));
                }
            }
        } else {
            list.add(new Expression("{{ data_interval_start }}", r -> r.dataIntervalStart().map(SqlDeRenderer::isoformat)));
            list.add(new Expression("{{ data_interval_end }}", r -> r.dataIntervalEnd().map(SqlDeRenderer::isoformat)));
            list.add(new Expression("{{ ts }}", r -> Optional.of(isoformat(r.logicalDate()))));
        }
        return list;
    }

    private static Optional<LocalDate> parseDate(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> parseNodash(String value) {
        try {
            return Optional.of(LocalDate.parse(value, NODASH));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Python's {@code datetime.isoformat()} of a UTC timestamp, as Airflow renders it. */
    static String isoformat(OffsetDateTime t) {
        OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
        String base = utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int micros = utc.getNano() / 1000;
        return base + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }
}
