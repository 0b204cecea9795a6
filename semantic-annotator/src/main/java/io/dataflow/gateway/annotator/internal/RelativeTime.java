package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.template.TemplateExpansion;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Reads an expression as a point in time relative to the logical date, when it is one: a sentinel
 * literal of the expanded template, cast, shifted by interval literals or by {@code date_add}.
 * Values are minutes from the logical date's midnight.
 */
final class RelativeTime {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private RelativeTime() {}

  /** Minutes from the logical date, when {@code node} is relative to it. */
  static Optional<Long> minutesFromLogicalDate(RexNode node) {
    return evaluate(node)
        .filter(TemplateExpansion::isRelative)
        .map(t -> ChronoUnit.MINUTES.between(TemplateExpansion.SENTINEL_LOGICAL_DATE.atStartOfDay(), t));
  }

  /** The constant point in time {@code node} evaluates to, relative or not. */
  static Optional<LocalDateTime> evaluate(RexNode node) {
    return switch (node) {
      case RexLiteral literal -> literal(literal);
      case RexCall call -> call(call);
      default -> Optional.empty();
    };
  }

  private static Optional<LocalDateTime> call(RexCall call) {
    SqlKind kind = call.getKind();
    if (kind == SqlKind.CAST && call.getOperands().size() == 1) {
      Optional<LocalDateTime> value = evaluate(call.getOperands().getFirst());
      return call.getType().getSqlTypeName() == SqlTypeName.DATE
          ? value.map(t -> t.truncatedTo(ChronoUnit.DAYS))
          : value;
    }
    // some conformances type arithmetic as checked (CHECKED_PLUS …): the same operations here
    boolean minus = kind == SqlKind.MINUS || kind == SqlKind.CHECKED_MINUS
        || call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.MINUS_DATE;
    if ((kind == SqlKind.PLUS || kind == SqlKind.CHECKED_PLUS || minus)
        && call.getOperands().size() == 2) {
      Optional<LocalDateTime> base = evaluate(call.getOperands().get(0));
      Optional<Interval> shift = interval(call.getOperands().get(1));
      if (base.isEmpty() || shift.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(shift.get().addTo(base.get(), minus ? -1 : 1));
    }
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if ((name.equals("DATE_ADD") || name.equals("DATE_SUB")) && call.getOperands().size() == 2) {
      Optional<LocalDateTime> base = evaluate(call.getOperands().get(0));
      Optional<Long> days = integer(call.getOperands().get(1));
      int sign = name.equals("DATE_ADD") ? 1 : -1;
      return base.flatMap(b -> days.map(d -> b.plusDays(sign * d)));
    }
    if (name.equals("DATE_ADD") && call.getOperands().size() == 3) {
      Optional<String> unit = string(call.getOperands().get(0));
      Optional<Long> amount = integer(call.getOperands().get(1));
      Optional<LocalDateTime> base = evaluate(call.getOperands().get(2));
      Optional<ChronoUnit> chronoUnit = unit.flatMap(RelativeTime::unit);
      if (chronoUnit.isPresent() && amount.isPresent() && base.isPresent()) {
        return Optional.of(base.get().plus(amount.get(), chronoUnit.get()));
      }
    }
    return Optional.empty();
  }

  /** An interval literal: whole months (year-month intervals) and milliseconds (day-time ones). */
  record Interval(long months, long millis) {
    LocalDateTime addTo(LocalDateTime base, int sign) {
      return base.plusMonths(sign * months).plus(sign * millis, ChronoUnit.MILLIS);
    }

    /** For people: {@code 1 month}, {@code 7 days}. */
    String describe() {
      if (months != 0) {
        return months + (Math.abs(months) == 1 ? " month" : " months");
      }
      long minutes = millis / 60_000;
      return minutes % (24 * 60) == 0 ? minutes / (24 * 60) + (Math.abs(minutes) == 24 * 60 ? " day" : " days")
          : minutes + " minutes";
    }
  }

  static Optional<Interval> interval(RexNode node) {
    if (node instanceof RexCall call
        && (call.getKind() == SqlKind.TIMES || call.getKind() == SqlKind.CHECKED_TIMES)
        && call.getOperands().size() == 2) {
      // date_sub(d, n) and INTERVAL '1' DAY * n
      RexNode a = call.getOperands().get(0);
      RexNode b = call.getOperands().get(1);
      // the factor is the operand that is not the interval (an interval literal has a number too)
      Optional<Interval> unit = interval(a);
      Optional<Long> times = integer(b);
      if (unit.isEmpty()) {
        unit = interval(b);
        times = integer(a);
      }
      Optional<Long> factor = times;
      return unit.flatMap(u -> factor.map(t -> new Interval(u.months() * t, u.millis() * t)));
    }
    if (!(node instanceof RexLiteral literal)
        || literal.getType().getSqlTypeName().getFamily() == null) {
      return Optional.empty();
    }
    SqlTypeFamily family = literal.getType().getSqlTypeName().getFamily();
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value == null) {
      return Optional.empty();
    }
    if (family == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
      return Optional.of(new Interval(value.longValueExact(), 0));
    }
    if (family == SqlTypeFamily.INTERVAL_DAY_TIME) {
      return Optional.of(new Interval(0, value.longValueExact()));
    }
    return Optional.empty();
  }

  static Optional<Long> integer(RexNode node) {
    if (node instanceof RexCall call && call.getKind() == SqlKind.CAST) {
      return integer(call.getOperands().getFirst());
    }
    if (node instanceof RexCall call && (call.getKind() == SqlKind.MINUS_PREFIX
        || call.getKind() == SqlKind.CHECKED_MINUS_PREFIX)) {
      return integer(call.getOperands().getFirst()).map(v -> -v);
    }
    if (node instanceof RexLiteral literal
        && SqlTypeName.EXACT_TYPES.contains(literal.getType().getSqlTypeName())) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      return value == null ? Optional.empty() : Optional.of(value.longValue());
    }
    return Optional.empty();
  }

  static Optional<String> string(RexNode node) {
    if (node instanceof RexLiteral literal
        && SqlTypeName.CHAR_TYPES.contains(literal.getType().getSqlTypeName())) {
      return Optional.ofNullable(literal.getValueAs(String.class));
    }
    return Optional.empty();
  }

  static Optional<ChronoUnit> unit(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "hour" -> Optional.of(ChronoUnit.HOURS);
      case "day" -> Optional.of(ChronoUnit.DAYS);
      case "week" -> Optional.of(ChronoUnit.WEEKS);
      case "month" -> Optional.of(ChronoUnit.MONTHS);
      case "year" -> Optional.of(ChronoUnit.YEARS);
      default -> Optional.empty();
    };
  }

  static Optional<LocalDateTime> literal(RexLiteral literal) {
    SqlTypeName type = literal.getType().getSqlTypeName();
    if (type == SqlTypeName.DATE) {
      DateString date = literal.getValueAs(DateString.class);
      return Optional.ofNullable(date).map(d -> LocalDate.parse(d.toString()).atStartOfDay());
    }
    if (type == SqlTypeName.TIMESTAMP || type == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      TimestampString ts = literal.getValueAs(TimestampString.class);
      return Optional.ofNullable(ts).flatMap(t -> parse(t.toString()));
    }
    if (SqlTypeName.CHAR_TYPES.contains(type)) {
      return Optional.ofNullable(literal.getValueAs(String.class)).flatMap(RelativeTime::parse);
    }
    if (SqlTypeName.EXACT_TYPES.contains(type)) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (value != null && value.scale() <= 0 && value.precision() == 8) {
        return parse(value.toPlainString());
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDateTime> parse(String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return Optional.of(LocalDate.parse(t).atStartOfDay());
      }
      if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
        return Optional.of(LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay());
      }
      if (t.length() >= 19) {
        return Optional.of(LocalDateTime.parse(t.substring(0, 19).replace('T', ' '), TIMESTAMP));
      }
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
