package io.dataflow.gateway.annotator.template;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.SourcePosition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A template with its expressions replaced by sentinel values that any SQL parser accepts, the typed
 * parameters found, and the way back from a position in the expanded SQL to the template.
 *
 * <p>Every time parameter becomes a value relative to {@link #SENTINEL_LOGICAL_DATE}, a date no real
 * pipeline uses, so an analyzer can read {@code DATE '2999-12-26'} as "logical date − 6 days" after
 * Calcite has typed, coerced and folded it. A value within {@link #SENTINEL_RADIUS_DAYS} of the
 * sentinel is relative to the logical date; any other date is a constant of the query.
 *
 * @param template the template as written
 * @param sql the template with every expression replaced by its sentinel
 * @param parameters the parameters in the order they appear
 * @param replacements where each replacement stands, to map positions back
 */
public record TemplateExpansion(
    String template, String sql, List<TemplateParameter> parameters, List<Replacement> replacements) {

  /** The logical date as the expanded SQL carries it. */
  public static final LocalDate SENTINEL_LOGICAL_DATE = LocalDate.of(3000, 1, 1);

  /** Dates this close to the sentinel are read as relative to the logical date. */
  public static final long SENTINEL_RADIUS_DAYS = 36_500;

  /** One expression replaced: its span in the template and in the expanded SQL. */
  public record Replacement(int templateStart, int templateEnd, int sqlStart, int sqlEnd) {
    public Replacement {
      if (templateStart > templateEnd || sqlStart > sqlEnd) {
        throw new IllegalArgumentException("Invalid replacement span: " + templateStart + ".."
            + templateEnd + " -> " + sqlStart + ".." + sqlEnd);
      }
    }
  }

  public TemplateExpansion {
    requireNonNull(template, "template is null");
    requireNonNull(sql, "sql is null");
    parameters = List.copyOf(parameters);
    replacements = List.copyOf(replacements);
  }

  /** The position in the template of character {@code sqlOffset} of the expanded SQL. */
  public SourcePosition templatePosition(int sqlOffset) {
    int delta = 0;
    for (Replacement r : replacements) {
      if (sqlOffset < r.sqlStart()) {
        break;
      }
      if (sqlOffset < r.sqlEnd()) {
        return SourcePosition.of(template, r.templateStart());
      }
      delta = r.templateEnd() - r.sqlEnd();
    }
    int offset = Math.max(0, Math.min(template.length(), sqlOffset + delta));
    return SourcePosition.of(template, offset);
  }

  /** True when {@code date} stands for a date relative to the logical date. */
  public static boolean isRelative(LocalDate date) {
    long days = java.time.temporal.ChronoUnit.DAYS.between(SENTINEL_LOGICAL_DATE, date);
    return Math.abs(days) <= SENTINEL_RADIUS_DAYS;
  }

  /** True when {@code dateTime} stands for a time relative to the logical date. */
  public static boolean isRelative(LocalDateTime dateTime) {
    return isRelative(dateTime.toLocalDate());
  }
}
