package io.dataflow.gateway.annotator.internal;

import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Hive and Spark date functions that Calcite's libraries lack and that partition values use, so
 * that such queries validate instead of falling back to syntax. {@link Truncation} reads
 * {@code trunc}; {@link TrinoDialect} writes it as Trino's {@code date_trunc}.
 */
final class HiveFunctions {

  /**
   * {@code trunc(date, format)}: the first day of the month ({@code 'MM'}, {@code 'MON'},
   * {@code 'MONTH'}), year ({@code 'YYYY'}, {@code 'YY'}, {@code 'YEAR'}) or, in Spark, week
   * ({@code 'WEEK'}) of a date or a date string.
   */
  static final SqlFunction TRUNC = new SqlFunction("TRUNC", SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.DATE).andThen(SqlTypeTransforms.TO_NULLABLE), null,
      OperandTypes.or(
          OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER),
          OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER)),
      SqlFunctionCategory.TIMEDATE);

  static final SqlOperatorTable TABLE = SqlOperatorTables.of(List.of(TRUNC));

  private HiveFunctions() {}
}
