package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PrestoSqlDialect;
import org.apache.calcite.sql.fun.SqlBetweenOperator;

/**
 * Calcite's Presto dialect with what Trino's grammar lacks written the Trino way: Calcite writes
 * {@code BETWEEN ASYMMETRIC}, which Trino does not parse; plain {@code BETWEEN} means the same.
 */
final class TrinoDialect extends PrestoSqlDialect {

  static final TrinoDialect INSTANCE = new TrinoDialect();

  private TrinoDialect() {
    super(PrestoSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
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
}
