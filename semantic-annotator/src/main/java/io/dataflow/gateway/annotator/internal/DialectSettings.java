package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.Dialect;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/** Parser and function settings per dialect. All use Calcite's Babel parser. */
record DialectSettings(
    Quoting quoting, SqlConformance conformance, List<SqlLibrary> libraries, boolean trinoFunctions) {

  static DialectSettings of(Dialect dialect) {
    DialectSettings settings = base(dialect);
    return new DialectSettings(settings.quoting(), new StrictGroupBy(settings.conformance()),
        settings.libraries(), dialect == Dialect.TRINO);
  }

  /**
   * Babel's and MySQL's non-strict GROUP BY hides a non-grouped column behind ANY_VALUE, which
   * Calcite's lineage cannot see through; a query that needs it is analyzed syntactically instead.
   */
  private static final class StrictGroupBy extends SqlDelegatingConformance {
    StrictGroupBy(SqlConformance delegate) {
      super(delegate);
    }

    @Override
    public boolean isNonStrictGroupBy() {
      return false;
    }
  }

  private static DialectSettings base(Dialect dialect) {
    return switch (dialect) {
      case TRINO -> new DialectSettings(Quoting.DOUBLE_QUOTE, SqlConformanceEnum.PRESTO,
          List.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL), false);
      case POSTGRESQL -> new DialectSettings(Quoting.DOUBLE_QUOTE, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL), false);
      case HIVE -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.HIVE), false);
      case SPARK -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.SPARK, SqlLibrary.HIVE), false);
      case MYSQL -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.MYSQL_5,
          List.of(SqlLibrary.STANDARD, SqlLibrary.MYSQL), false);
    };
  }

  SqlParser.Config parserConfig() {
    return SqlParser.config()
        .withParserFactory(SqlBabelParserImpl.FACTORY)
        .withConformance(conformance)
        .withQuoting(quoting)
        .withUnquotedCasing(Casing.TO_LOWER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(false);
  }

  SqlOperatorTable operatorTable() {
    SqlOperatorTable libraryTable = SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(libraries);
    return trinoFunctions ? SqlOperatorTables.chain(TrinoFunctions.TABLE, libraryTable) : libraryTable;
  }
}
