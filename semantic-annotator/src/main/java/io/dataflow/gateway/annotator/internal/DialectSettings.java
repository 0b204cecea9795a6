package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.Dialect;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Parser and function settings per dialect. All read statements as Calcite's Babel parser does,
 * which the configuration's parser factory names; {@link TaskSqlParsers} reads them faster, into the
 * same trees. The settings are immutable, so each dialect's are built once: parser configuration,
 * conformance and operator table are shared by every annotation (building the operator table is
 * not cheap, and looking functions up in it is done for every call and identifier of every
 * query).
 */
final class DialectSettings {

  private static final Map<Dialect, DialectSettings> BY_DIALECT = byDialect();

  private final SqlConformance conformance;
  private final SqlParser.Config parserConfig;
  private final SqlOperatorTable operatorTable;

  private DialectSettings(Quoting quoting, SqlConformance conformance, List<SqlLibrary> libraries,
      Optional<SqlOperatorTable> ownFunctions) {
    this.conformance = new StrictGroupBy(conformance);
    this.parserConfig = SqlParser.config()
        .withParserFactory(SqlBabelParserImpl.FACTORY)
        .withConformance(this.conformance)
        .withQuoting(quoting)
        .withUnquotedCasing(Casing.TO_LOWER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(false);
    SqlOperatorTable libraryTable =
        SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(libraries);
    this.operatorTable = ownFunctions
        .map(own -> SqlOperatorTables.chain(own, libraryTable)).orElse(libraryTable);
  }

  static DialectSettings of(Dialect dialect) {
    return BY_DIALECT.get(dialect);
  }

  private static Map<Dialect, DialectSettings> byDialect() {
    Map<Dialect, DialectSettings> settings = new EnumMap<>(Dialect.class);
    for (Dialect dialect : Dialect.values()) {
      settings.put(dialect, create(dialect));
    }
    return java.util.Collections.unmodifiableMap(settings);
  }

  /**
   * Babel's and MySQL's non-strict GROUP BY hides a non-grouped column behind ANY_VALUE, which
   * Calcite's lineage cannot see through; a query that needs it is analyzed syntactically instead.
   * Ordering by an alias is allowed whatever the base conformance says.
   */
  private static final class StrictGroupBy extends SqlDelegatingConformance {
    StrictGroupBy(SqlConformance delegate) {
      super(delegate);
    }

    @Override
    public boolean isNonStrictGroupBy() {
      return false;
    }

    /** Every supported dialect orders by a select item's alias ({@code ORDER BY revenue DESC}). */
    @Override
    public boolean isSortByAlias() {
      return true;
    }
  }

  private static DialectSettings create(Dialect dialect) {
    return switch (dialect) {
      case TRINO -> new DialectSettings(Quoting.DOUBLE_QUOTE, SqlConformanceEnum.PRESTO,
          List.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL), Optional.of(TrinoFunctions.TABLE));
      case POSTGRESQL -> new DialectSettings(Quoting.DOUBLE_QUOTE, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL), Optional.empty());
      case HIVE -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.HIVE), Optional.of(HiveFunctions.TABLE));
      case SPARK -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.BABEL,
          List.of(SqlLibrary.STANDARD, SqlLibrary.SPARK, SqlLibrary.HIVE),
          Optional.of(HiveFunctions.TABLE));
      case MYSQL -> new DialectSettings(Quoting.BACK_TICK, SqlConformanceEnum.MYSQL_5,
          List.of(SqlLibrary.STANDARD, SqlLibrary.MYSQL), Optional.empty());
    };
  }

  SqlConformance conformance() {
    return conformance;
  }

  SqlParser.Config parserConfig() {
    return parserConfig;
  }

  /** The dialect's functions. The schema holds none, so the catalog is not asked for any. */
  SqlOperatorTable operatorTable() {
    return operatorTable;
  }
}
