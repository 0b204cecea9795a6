package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.template.TemplateExpansion;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An expression that is a function of the logical date, evaluated for any logical date rather than
 * only for the template's sentinel: the logical date shifted (by days, or by months as the
 * calendar has them), truncated to a week, month or year, and shifted again
 * ({@code date_trunc('month', DATE '{{ ds }}') + INTERVAL '1' MONTH}). {@link RelativeTime} reads
 * the same expressions without truncation as a fixed number of minutes, which a truncation or a
 * month is not.
 *
 * @param at the value for a logical date
 * @param truncation the unit every value is the start of, when the expression is a truncation
 *     (shifted by whole units of it: {@code date_trunc('month', ds) + INTERVAL '1' MONTH})
 * @param text the expression for people, with {@code ds} for the logical date
 */
record LogicalDateExpression(Function<LocalDate, LocalDateTime> at,
    Optional<PartitionUnit> truncation, String text) {

  /** The expression, when {@code node} is one of the forms read and uses the logical date. */
  static Optional<LogicalDateExpression> of(RexNode node) {
    return compiled(node).filter(Compiled::relative)
        .map(c -> new LogicalDateExpression(c.at(), c.truncation(), c.text()));
  }

  /** A compiled expression, and whether it uses the logical date at all. */
  private record Compiled(Function<LocalDate, LocalDateTime> at, Optional<PartitionUnit> truncation,
      String text, boolean relative) {}

  private static Optional<Compiled> compiled(RexNode node) {
    if (node instanceof RexLiteral literal) {
      Optional<LocalDateTime> value = RelativeTime.literal(literal);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      LocalDateTime t = value.get();
      if (TemplateExpansion.isRelative(t)) {
        long minutes = ChronoUnit.MINUTES.between(
            TemplateExpansion.SENTINEL_LOGICAL_DATE.atStartOfDay(), t);
        return Optional.of(new Compiled(ds -> ds.atStartOfDay().plusMinutes(minutes),
            Optional.empty(), minutes % (24 * 60) == 0
                ? Offsets.render(minutes / (24 * 60), PartitionUnit.DAY)
                : Offsets.render(minutes, null), true));
      }
      return Optional.of(new Compiled(ds -> t, Optional.empty(), t.toString(), false));
    }
    if (!(node instanceof RexCall call)) {
      return Optional.empty();
    }
    SqlKind kind = call.getKind();
    if (kind == SqlKind.CAST && call.getOperands().size() == 1) {
      boolean toDate = call.getType().getSqlTypeName() == SqlTypeName.DATE;
      return compiled(call.getOperands().getFirst()).map(c -> toDate
          ? new Compiled(ds -> c.at().apply(ds).truncatedTo(ChronoUnit.DAYS),
              c.truncation().filter(u -> u != PartitionUnit.HOUR), c.text(), c.relative())
          : c);
    }
    Optional<Truncation> truncation = Truncation.of(call);
    if (truncation.isPresent()) {
      PartitionUnit unit = truncation.get().unit();
      return compiled(truncation.get().column()).map(c -> new Compiled(
          ds -> unit.truncate(c.at().apply(ds)), Optional.of(unit),
          "date_trunc('" + unit.name().toLowerCase(Locale.ROOT) + "', " + c.text() + ")",
          c.relative()));
    }
    boolean minus = kind == SqlKind.MINUS || kind == SqlKind.CHECKED_MINUS
        || call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.MINUS_DATE;
    if ((kind == SqlKind.PLUS || kind == SqlKind.CHECKED_PLUS || minus)
        && call.getOperands().size() == 2) {
      Optional<RelativeTime.Interval> shift = RelativeTime.interval(call.getOperands().get(1));
      int sign = minus ? -1 : 1;
      return shift.flatMap(i -> compiled(call.getOperands().get(0)).map(c -> new Compiled(
          ds -> i.addTo(c.at().apply(ds), sign), c.truncation().filter(u -> keepsStarts(u, i)),
          c.text() + (minus ? " - " : " + ") + i.describe(), c.relative())));
    }
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if ((name.equals("DATE_ADD") || name.equals("DATE_SUB")) && call.getOperands().size() == 2) {
      Optional<Long> days = RelativeTime.integer(call.getOperands().get(1));
      int sign = name.equals("DATE_ADD") ? 1 : -1;
      return days.flatMap(d -> compiled(call.getOperands().get(0)).map(c -> new Compiled(
          ds -> c.at().apply(ds).plusDays(sign * d), Optional.empty(),
          c.text() + (sign * d < 0 ? " - " : " + ") + Math.abs(d) + " days", c.relative())));
    }
    if (name.equals("DATE_ADD") && call.getOperands().size() == 3) {
      Optional<ChronoUnit> unit =
          RelativeTime.string(call.getOperands().get(0)).flatMap(RelativeTime::unit);
      Optional<Long> amount = RelativeTime.integer(call.getOperands().get(1));
      if (unit.isPresent() && amount.isPresent()) {
        return compiled(call.getOperands().get(2)).map(c -> new Compiled(
            ds -> c.at().apply(ds).plus(amount.get(), unit.get()), Optional.empty(),
            c.text() + (amount.get() < 0 ? " - " : " + ") + Math.abs(amount.get()) + " "
                + unit.get().name().toLowerCase(Locale.ROOT),
            c.relative()));
      }
    }
    return Optional.empty();
  }

  /** True when a shift by {@code interval} takes the start of a {@code unit} to another one. */
  private static boolean keepsStarts(PartitionUnit unit, RelativeTime.Interval interval) {
    long day = 24L * 60 * 60 * 1000;
    return switch (unit) {
      case WEEK -> interval.months() == 0 && interval.millis() % (7 * day) == 0;
      case MONTH -> interval.millis() == 0;
      case YEAR -> interval.millis() == 0 && interval.months() % 12 == 0;
      default -> false;
    };
  }

  /** The value for {@code logicalDate}. */
  LocalDateTime apply(LocalDate logicalDate) {
    return at.apply(logicalDate);
  }
}
