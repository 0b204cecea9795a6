package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PrestoSqlDialect;
import org.apache.calcite.sql.fun.SqlBetweenOperator;

/**
 * Calcite's Presto dialect with what Trino's grammar lacks written the Trino way: Calcite writes
 * {@code BETWEEN ASYMMETRIC}, which Trino does not parse; plain {@code BETWEEN} means the same.
 * Calcite's {@code FLOOR(day TO MONTH)} is written as Trino's {@code date_trunc('month', day)}, and
 * Hive's {@code trunc(day, 'MM')} as {@code date_trunc('month', CAST(day AS DATE))}, and MySQL's
 * {@code INTERVAL 29 DAY} as {@code INTERVAL '29' DAY}.
 */
final class TrinoDialect extends PrestoSqlDialect {

  static final TrinoDialect INSTANCE = new TrinoDialect();

  private TrinoDialect() {
    super(PrestoSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if ((call.getKind() == SqlKind.FLOOR || call.getKind() == SqlKind.CEIL)
        && call.operandCount() == 2 && call.operand(1) instanceof SqlIntervalQualifier unit) {
      unparseTruncation(writer, call, unit);
      return;
    }
    if (call.getOperator().getName().equalsIgnoreCase("TRUNC") && call.operandCount() == 2
        && call.operand(1) instanceof org.apache.calcite.sql.SqlCharStringLiteral format
        && Truncation.hiveUnit(format.getValueAs(String.class)).isPresent()) {
      unparseHiveTruncation(writer, call, format.getValueAs(String.class));
      return;
    }
    if (call.getKind() == SqlKind.INTERVAL && call.operandCount() == 2
        && call.operand(0) instanceof SqlNumericLiteral amount
        && call.operand(1) instanceof SqlIntervalQualifier unit) {
      // MySQL's INTERVAL 29 DAY: Trino takes the amount as a string only
      writer.keyword("INTERVAL");
      writer.literal("'" + amount.toValue() + "'");
      unit.unparse(writer, 0, 0);
      return;
    }
    if (!(call.getOperator() instanceof SqlBetweenOperator between)) {
      super.unparseCall(writer, call, leftPrec, rightPrec);
      return;
    }
    if (between.flag == SqlBetweenOperator.Flag.SYMMETRIC) {
      throw new AnnotationException(Reason.NOT_RENDERABLE,
          "BETWEEN SYMMETRIC has no form in Trino's SQL", null);
    }
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
    call.operand(0).unparse(writer, between.getLeftPrec(), 0);
    writer.sep(between.isNegated() ? "NOT BETWEEN" : "BETWEEN");
    // parenthesized unless atomic, so an AND inside the lower bound cannot end it early
    call.operand(1).unparse(writer, 100, 100);
    writer.sep("AND");
    call.operand(2).unparse(writer, 0, between.getRightPrec());
    writer.endList(frame);
  }

  /** Hive's {@code trunc(x, 'MM')} is Trino's {@code date_trunc('month', CAST(x AS DATE))}. */
  private static void unparseHiveTruncation(SqlWriter writer, SqlCall call, String format) {
    String unit = Truncation.hiveUnit(format).orElseThrow(() -> new AnnotationException(
        Reason.NOT_RENDERABLE, "trunc(…, '" + format + "') has no form in Trino's SQL", null))
        .name().toLowerCase(java.util.Locale.ROOT);
    SqlWriter.Frame frame = writer.startFunCall("date_trunc");
    writer.sep(",");
    writer.literal("'" + unit + "'");
    writer.sep(",");
    SqlWriter.Frame cast = writer.startFunCall("CAST");
    call.operand(0).unparse(writer, 0, 0);
    writer.sep("AS");
    writer.keyword("DATE");
    writer.endFunCall(cast);
    writer.endFunCall(frame);
  }

  /**
   * {@code FLOOR(x TO MONTH)} is Trino's {@code date_trunc('month', x)}; Trino has no form for
   * {@code CEIL(x TO unit)}.
   */
  private static void unparseTruncation(SqlWriter writer, SqlCall call, SqlIntervalQualifier unit) {
    if (call.getKind() == SqlKind.CEIL || !unit.isSingleDatetimeField()) {
      throw new AnnotationException(Reason.NOT_RENDERABLE,
          "CEIL(… TO unit) and truncations to a compound unit have no form in Trino's SQL", null);
    }
    String name = unit.timeFrameName != null ? unit.timeFrameName : unit.getStartUnit().name();
    SqlWriter.Frame frame = writer.startFunCall("date_trunc");
    writer.sep(",");
    writer.literal("'" + name.toLowerCase(java.util.Locale.ROOT) + "'");
    writer.sep(",");
    call.operand(0).unparse(writer, 0, 0);
    writer.endFunCall(frame);
  }
}
