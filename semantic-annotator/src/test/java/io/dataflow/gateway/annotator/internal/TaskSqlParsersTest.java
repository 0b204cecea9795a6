package io.dataflow.gateway.annotator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.CorpusCase;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.internal.parser.TaskSqlParserImpl;
import io.dataflow.gateway.annotator.template.TemplateExpander;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;

/**
 * The task SQL parser reads every statement of the corpus into Babel's tree, and a reused parser reads
 * each statement exactly as a new parser does.
 */
class TaskSqlParsersTest {

  private static final SqlParser.Config TRINO = DialectSettings.of(Dialect.TRINO).parserConfig();
  private static final SqlParser.Config HIVE = DialectSettings.of(Dialect.HIVE).parserConfig();

  private static final String DAILY = "INSERT INTO analytics.daily_customer_totals\n"
      + "SELECT customer_id, day, SUM(amount) FROM raw.transactions\n"
      + "WHERE day = DATE '3000-01-01' GROUP BY customer_id, day";

  /**
   * Each statement of every corpus task, as the template expander hands it to the parser, parsed by
   * the generated parser alone and by Babel: the same tree, node for node (the statements Babel
   * reads only after the annotator's rewrites, such as Hive's {@code INSERT OVERWRITE}, are left out).
   */
  @Test
  void theTaskSqlParserReadsEveryCorpusStatementAsBabelDoes() throws SqlParseException {
    int compared = 0;
    for (CorpusCase task : Corpus.cases()) {
      SqlParser.Config config = DialectSettings.of(task.dialect()).parserConfig();
      String sql = TemplateExpander.expand(task.sql(), ChronoUnit.DAYS).sql();
      for (String statement : sql.split(";")) {
        SqlNode babel;
        try {
          babel = SqlParser.create(statement, config.withParserFactory(SqlBabelParserImpl.FACTORY)).parseStmt();
        } catch (SqlParseException rewrittenFirst) {
          continue;
        }
        SqlNode generated = SqlParser.create(statement,
            config.withParserFactory(TaskSqlParserImpl.FACTORY)).parseStmt();
        assertEquals(babel.toString(), generated.toString(), statement);
        if (babel instanceof SqlCreateTable babelCreate && generated instanceof SqlCreateTable create) {
          // Babel's own subclass of the same node: the parts the annotator reads
          assertTrue(babelCreate.name.equalsDeep(create.name, Litmus.THROW), statement);
          assertEquals(babelCreate.getReplace(), create.getReplace(), statement);
          assertTrue(babelCreate.query.equalsDeep(create.query, Litmus.THROW), statement);
        } else {
          assertTrue(babel.equalsDeep(generated, Litmus.THROW), statement);
        }
        compared++;
      }
    }
    assertTrue(compared >= 90, "only " + compared + " corpus statements compared");
  }

  @Test
  void aStatementParsesTheSameAfterOthersAsOnANewParser() throws SqlParseException {
    SqlNode fresh = SqlParser.create(DAILY, TRINO).parseStmt();
    TaskSqlParsers.parseStmt("SELECT `a` FROM `t`", HIVE);
    TaskSqlParsers.parseStmt(DAILY, TRINO);
    SqlNode reused = TaskSqlParsers.parseStmt(DAILY, TRINO);
    assertEquals(fresh.toString(), reused.toString());
    assertEquals(fresh.getParserPosition(), reused.getParserPosition());
  }

  @Test
  void aParseErrorAfterOtherStatementsNamesTheSamePlace() throws SqlParseException {
    String broken = "SELECT customer_id\nFROM raw.transactions\nWHERE day = = 1";
    SqlParseException fresh = assertThrows(SqlParseException.class,
        () -> SqlParser.create(broken, TRINO).parseStmt());
    TaskSqlParsers.parseStmt(DAILY, TRINO);
    SqlParseException reused = assertThrows(SqlParseException.class,
        () -> TaskSqlParsers.parseStmt(broken, TRINO));
    assertEquals(fresh.getPos(), reused.getPos());
    assertEquals(fresh.getMessage(), reused.getMessage());
  }

  @Test
  void parametersAreNumberedFromZeroInEveryStatement() throws SqlParseException {
    String sql = "SELECT a FROM t WHERE b = ? AND c = ?";
    assertEquals(List.of(0, 1), parameterIndexes(TaskSqlParsers.parseStmt(sql, TRINO)));
    assertEquals(List.of(0, 1), parameterIndexes(TaskSqlParsers.parseStmt(sql, TRINO)));
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
