package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * A column truncated to a coarser time unit: {@code FLOOR(day TO MONTH)}, Trino's
 * {@code date_trunc('month', day)} or Hive's {@code trunc(day, 'MM')}, possibly cast.
 *
 * @param column the truncated expression (a column, in the cases that matter)
 * @param unit the unit it is truncated to
 */
record Truncation(RexNode column, PartitionUnit unit) {

  static Optional<Truncation> of(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return Optional.empty();
    }
    if (call.getKind() == SqlKind.CAST) {
      return of(call.getOperands().getFirst());
    }
    if (call.getKind() == SqlKind.FLOOR && call.getOperands().size() == 2
        && call.getOperands().get(1) instanceof RexLiteral flag) {
      TimeUnitRange range = flag.getValueAs(TimeUnitRange.class);
      return unit(range == null ? "" : range.name())
          .map(u -> new Truncation(call.getOperands().getFirst(), u));
    }
    if (call.getOperator().getName().equalsIgnoreCase("DATE_TRUNC")
        && call.getOperands().size() == 2
        && call.getOperands().get(0) instanceof RexLiteral unitLiteral) {
      String unit = unitLiteral.getValueAs(String.class);
      return unit(unit == null ? "" : unit)
          .map(u -> new Truncation(call.getOperands().get(1), u));
    }
    if (call.getOperator().getName().equalsIgnoreCase("TRUNC")
        && call.getOperands().size() == 2
        && call.getOperands().get(1) instanceof RexLiteral formatLiteral) {
      String format = formatLiteral.getValueAs(String.class);
      return hiveUnit(format == null ? "" : format)
          .map(u -> new Truncation(call.getOperands().get(0), u));
    }
    return Optional.empty();
  }

  /** The unit of a Hive or Spark {@code trunc(date, format)}. */
  static Optional<PartitionUnit> hiveUnit(String format) {
    return switch (format.toUpperCase(Locale.ROOT)) {
      case "MM", "MON", "MONTH" -> Optional.of(PartitionUnit.MONTH);
      case "YYYY", "YY", "YEAR" -> Optional.of(PartitionUnit.YEAR);
      case "WEEK" -> Optional.of(PartitionUnit.WEEK);
      default -> Optional.empty();
    };
  }

  private static Optional<PartitionUnit> unit(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "HOUR" -> Optional.of(PartitionUnit.HOUR);
      case "DAY" -> Optional.of(PartitionUnit.DAY);
      case "WEEK" -> Optional.of(PartitionUnit.WEEK);
      case "MONTH" -> Optional.of(PartitionUnit.MONTH);
      case "YEAR" -> Optional.of(PartitionUnit.YEAR);
      default -> Optional.empty();
    };
  }
}
