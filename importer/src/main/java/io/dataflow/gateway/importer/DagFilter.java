package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which DAGs to import. Live, the filters are sent to Airflow; offline they are applied the same way to
 * the snapshot.
 *
 * @param dagIdPattern Airflow's {@code dag_id_pattern}: an SQL {@code LIKE} pattern matched anywhere
 *     in the DAG id, case-insensitively ({@code %} and {@code _} are wildcards)
 * @param tags DAGs having any of these tags; empty for no tag filter
 * @param paused only paused ({@code true}) or only active ({@code false}) DAGs
 */
public record DagFilter(Optional<String> dagIdPattern, List<String> tags, Optional<Boolean> paused) {

    /** Every DAG. */
    public static final DagFilter ALL = new DagFilter(Optional.empty(), List.of(), Optional.empty());

    public DagFilter {
        requireNonNull(dagIdPattern, "dagIdPattern is null");
        requireNonNull(paused, "paused is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }

    /** DAGs whose id matches the pattern. */
    public static DagFilter idPattern(String pattern) {
        return new DagFilter(Optional.of(pattern), List.of(), Optional.empty());
    }

    /** Whether a DAG passes the filter, evaluated locally. */
    public boolean matches(String dagId, Collection<String> dagTags, boolean dagPaused) {
        if (paused.isPresent() && paused.get() != dagPaused) {
            return false;
        }
        if (!tags.isEmpty() && dagTags.stream().noneMatch(tags::contains)) {
            return false;
        }
        return dagIdPattern.map(p -> like(dagId, p)).orElse(true);
    }

    private static boolean like(String value, String pattern) {
        StringBuilder regex = new StringBuilder(".*");
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.toLowerCase(Locale.ROOT).matches(regex.append(".*").toString());
    }
}
