package io.dataflow.gateway.annotator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dataflow.gateway.annotator.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.junit.jupiter.api.Test;

/** A reused parser reads each statement exactly as a new parser does. */
class BabelParsersTest {

  private static final SqlParser.Config TRINO = DialectSettings.of(Dialect.TRINO).parserConfig();
  private static final SqlParser.Config HIVE = DialectSettings.of(Dialect.HIVE).parserConfig();

  private static final String DAILY = "INSERT INTO analytics.daily_customer_totals\n"
      + "SELECT customer_id, day, SUM(amount) FROM raw.transactions\n"
      + "WHERE day = DATE '3000-01-01' GROUP BY customer_id, day";

  @Test
  void aStatementParsesTheSameAfterOthersAsOnANewParser() throws SqlParseException {
    SqlNode fresh = SqlParser.create(DAILY, TRINO).parseStmt();
    BabelParsers.parseStmt("SELECT `a` FROM `t`", HIVE);
    BabelParsers.parseStmt(DAILY, TRINO);
    SqlNode reused = BabelParsers.parseStmt(DAILY, TRINO);
    assertEquals(fresh.toString(), reused.toString());
    assertEquals(fresh.getParserPosition(), reused.getParserPosition());
  }

  @Test
  void aParseErrorAfterOtherStatementsNamesTheSamePlace() throws SqlParseException {
    String broken = "SELECT customer_id\nFROM raw.transactions\nWHERE day = = 1";
    SqlParseException fresh = assertThrows(SqlParseException.class,
        () -> SqlParser.create(broken, TRINO).parseStmt());
    BabelParsers.parseStmt(DAILY, TRINO);
    SqlParseException reused = assertThrows(SqlParseException.class,
        () -> BabelParsers.parseStmt(broken, TRINO));
    assertEquals(fresh.getPos(), reused.getPos());
    assertEquals(fresh.getMessage(), reused.getMessage());
  }

  @Test
  void parametersAreNumberedFromZeroInEveryStatement() throws SqlParseException {
    String sql = "SELECT a FROM t WHERE b = ? AND c = ?";
    assertEquals(List.of(0, 1), parameterIndexes(BabelParsers.parseStmt(sql, TRINO)));
    assertEquals(List.of(0, 1), parameterIndexes(BabelParsers.parseStmt(sql, TRINO)));
  }

  private static List<Integer> parameterIndexes(SqlNode node) {
    List<Integer> indexes = new ArrayList<>();
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        indexes.add(param.getIndex());
        return null;
      }
    });
    return indexes;
  }
}
