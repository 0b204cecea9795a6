package io.dataflow.gateway.annotator.template;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import io.dataflow.gateway.annotator.SourcePosition;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the Airflow template expressions of a task's SQL by typed sentinel values.
 *
 * <p>Accepted expressions: {@code ds}, {@code ds_nodash}, {@code ts}, {@code logical_date},
 * {@code data_interval_start}, {@code data_interval_end}, {@code yesterday_ds},
 * {@code tomorrow_ds}, {@code macros.ds_add(ds, n)} and {@code params.name}. Anything else — filters,
 * attribute chains, calls, Jinja statements — is refused: it could compute any value, so no
 * dependency could be trusted.
 */
public final class TemplateExpander {

  private static final Pattern DS_ADD =
      Pattern.compile("macros\\.ds_add\\(\\s*ds\\s*,\\s*([+-]?\\d{1,6})\\s*\\)");
  private static final Pattern PARAM = Pattern.compile("params\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern TYPE_KEYWORD_BEFORE =
      Pattern.compile("(?i)(DATE|TIMESTAMP)\\s*$");
  private static final DateTimeFormatter TIMESTAMP_SENTINEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter NODASH = DateTimeFormatter.BASIC_ISO_DATE;

  private TemplateExpander() {}

  /**
   * Expands {@code template}.
   *
   * @param template the task's SQL as stored in Airflow, with its {@code {{ … }}} expressions
   * @param scheduleUnit the unit of one schedule interval (days for {@code @daily}), which is how far
   *     {@code data_interval_end} lies after {@code data_interval_start}
   * @throws AnnotationException naming the expression and its position when it is not supported
   */
  public static TemplateExpansion expand(String template, ChronoUnit scheduleUnit) {
    requireNonNull(template, "template is null");
    requireNonNull(scheduleUnit, "scheduleUnit is null");
    StringBuilder sql = new StringBuilder(template.length() + 16);
    List<TemplateParameter> parameters = new ArrayList<>();
    List<TemplateExpansion.Replacement> replacements = new ArrayList<>();
    boolean inString = false;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{' && i + 1 < template.length()
          && (template.charAt(i + 1) == '%' || template.charAt(i + 1) == '#')) {
        throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
            "Jinja statements and comments ('{" + template.charAt(i + 1)
                + "') are not supported; only {{ … }} expressions are",
            SourcePosition.of(template, i));
      }
      if (c == '{' && template.startsWith("{{", i)) {
        int end = template.indexOf("}}", i + 2);
        if (end < 0) {
          throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
              "Template expression opened with '{{' is never closed", SourcePosition.of(template, i));
        }
        String expression = template.substring(i + 2, end).strip();
        SourcePosition position = SourcePosition.of(template, i);
        boolean wholeLiteral = inString && i > 0 && template.charAt(i - 1) == '\''
            && end + 2 < template.length() && template.charAt(end + 2) == '\'';
        Optional<String> keyword = wholeLiteral ? typeKeywordBefore(template, i - 1) : Optional.empty();
        Parsed parsed = parse(expression, position, scheduleUnit);
        ParameterType type = typeOf(parsed, inString, keyword);
        String value = sentinel(parsed, type, expression, position, inString);
        replacements.add(new TemplateExpansion.Replacement(
            i, end + 2, sql.length(), sql.length() + value.length()));
        sql.append(value);
        parameters.add(new TemplateParameter(expression, parsed.kind(), type, parsed.offset(),
            parsed.unit(), parsed.userParameter(), position));
        i = end + 2;
        continue;
      }
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '-' && template.startsWith("--", i)) {
        int eol = template.indexOf('\n', i);
        int stop = eol < 0 ? template.length() : eol;
        sql.append(template, i, stop);
        i = stop;
        continue;
      }
      sql.append(c);
      i++;
    }
    return new TemplateExpansion(template, sql.toString(), parameters, replacements);
  }

  private record Parsed(ParameterKind kind, long offset, ChronoUnit unit, Optional<String> userParameter) {}

  private static Parsed parse(String expression, SourcePosition position, ChronoUnit scheduleUnit) {
    switch (expression) {
      case "ds" -> {
        return new Parsed(ParameterKind.LOGICAL_DATE, 0, ChronoUnit.DAYS, Optional.empty());
      }
      case "yesterday_ds" -> {
        return new Parsed(ParameterKind.LOGICAL_DATE, -1, ChronoUnit.DAYS, Optional.empty());
      }
      case "tomorrow_ds" -> {
        return new Parsed(ParameterKind.LOGICAL_DATE, 1, ChronoUnit.DAYS, Optional.empty());
      }
      case "ds_nodash" -> {
        return new Parsed(ParameterKind.LOGICAL_DATE_NODASH, 0, ChronoUnit.DAYS, Optional.empty());
      }
      case "ts", "logical_date" -> {
        return new Parsed(ParameterKind.LOGICAL_TIMESTAMP, 0, scheduleUnit, Optional.empty());
      }
      case "data_interval_start" -> {
        return new Parsed(ParameterKind.DATA_INTERVAL_START, 0, scheduleUnit, Optional.empty());
      }
      case "data_interval_end" -> {
        return new Parsed(ParameterKind.DATA_INTERVAL_END, 1, scheduleUnit, Optional.empty());
      }
      default -> {
        Matcher dsAdd = DS_ADD.matcher(expression);
        if (dsAdd.matches()) {
          return new Parsed(ParameterKind.LOGICAL_DATE, Long.parseLong(dsAdd.group(1)),
              ChronoUnit.DAYS, Optional.empty());
        }
        Matcher param = PARAM.matcher(expression);
        if (param.matches()) {
          return new Parsed(ParameterKind.USER_PARAM, 0, ChronoUnit.DAYS,
              Optional.of(param.group(1)));
        }
        throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
            "Unsupported template expression {{ " + abbreviate(expression) + " }}; supported are"
                + " ds, ds_nodash, ts, data_interval_start, data_interval_end,"
                + " macros.ds_add(ds, n) and params.<name>",
            position);
      }
    }
  }

  private static Optional<String> typeKeywordBefore(String template, int quoteIndex) {
    int from = Math.max(0, quoteIndex - 16);
    Matcher m = TYPE_KEYWORD_BEFORE.matcher(template.substring(from, quoteIndex));
    if (!m.find()) {
      return Optional.empty();
    }
    int start = from + m.start(1);
    if (start > 0 && (Character.isLetterOrDigit(template.charAt(start - 1))
        || template.charAt(start - 1) == '_')) {
      return Optional.empty();
    }
    return Optional.of(m.group(1).toUpperCase(Locale.ROOT));
  }

  private static ParameterType typeOf(Parsed parsed, boolean inString, Optional<String> keyword) {
    if (keyword.isPresent()) {
      return ParameterType.valueOf(keyword.get());
    }
    if (!inString && parsed.kind() == ParameterKind.LOGICAL_DATE_NODASH) {
      return ParameterType.INTEGER;
    }
    return ParameterType.VARCHAR;
  }

  private static String sentinel(
      Parsed parsed, ParameterType type, String expression, SourcePosition position,
      boolean inString) {
    if (parsed.kind() == ParameterKind.USER_PARAM) {
      if (!inString) {
        throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
            "Template expression {{ " + expression + " }} outside a quoted literal is not"
                + " supported: its value would become SQL text",
            position);
      }
      return "__param_" + parsed.userParameter().orElseThrow() + "__";
    }
    if (!inString && type != ParameterType.INTEGER) {
      throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
          "Template expression {{ " + expression + " }} must stand inside a quoted literal"
              + " (for example DATE '{{ " + expression + " }}'): unquoted it renders as arithmetic",
          position);
    }
    LocalDateTime at = TemplateExpansion.SENTINEL_LOGICAL_DATE.atStartOfDay()
        .plus(parsed.offset(), parsed.unit());
    boolean dateOnly = switch (parsed.kind()) {
      case LOGICAL_DATE, LOGICAL_DATE_NODASH -> true;
      default -> type == ParameterType.DATE;
    };
    if (parsed.kind() == ParameterKind.LOGICAL_DATE_NODASH) {
      return at.toLocalDate().format(NODASH);
    }
    return dateOnly ? at.toLocalDate().toString() : at.format(TIMESTAMP_SENTINEL);
  }

  private static String abbreviate(String expression) {
    String oneLine = expression.replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
