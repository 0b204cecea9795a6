package io.dataflow.gateway.annotator.internal;

import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Trino date functions that Calcite's libraries lack (or have only in other dialects' form) and that partition predicates use, so that
 * such queries validate instead of falling back to syntax. {@link RelativeTime} evaluates
 * {@code date_add}; {@link Truncation} reads {@code date_trunc}.
 */
final class TrinoFunctions {

  /** {@code date_add(unit, value, timestamp)}: the timestamp moved by value units. */
  static final SqlFunction DATE_ADD = new SqlFunction("DATE_ADD", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG2_NULLABLE, null,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE);

  /** {@code date_diff(unit, timestamp1, timestamp2)}: whole units between them. */
  static final SqlFunction DATE_DIFF = new SqlFunction("DATE_DIFF", SqlKind.OTHER_FUNCTION,
      ReturnTypes.BIGINT_NULLABLE, null,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE);

  /** {@code date_trunc(unit, timestamp)}: the start of the unit that contains the timestamp. */
  static final SqlFunction DATE_TRUNC = new SqlFunction("DATE_TRUNC", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG1_NULLABLE, null,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE);

  /** {@code date(x)}: Trino's shorthand for {@code CAST(x AS DATE)} (TPC-H query 20 uses it). */
  static final SqlFunction DATE = new SqlFunction("DATE", SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(org.apache.calcite.sql.type.SqlTypeName.DATE)
          .andThen(org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE), null,
      OperandTypes.or(OperandTypes.CHARACTER, OperandTypes.DATETIME),
      SqlFunctionCategory.TIMEDATE);

  static final SqlOperatorTable TABLE =
      SqlOperatorTables.of(List.of(DATE_ADD, DATE_DIFF, DATE_TRUNC, DATE));

  private TrinoFunctions() {}
}
