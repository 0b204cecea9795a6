package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.internal.parser.TaskSqlParserImpl;
import java.io.Reader;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.util.SourceStringReader;

/**
 * Parses statements as Calcite's Babel parser reads them, first with the task SQL parser and only
 * when that fails with Babel itself.
 *
 * <p>The task SQL parser ({@link TaskSqlParserImpl}) is generated at build time from Calcite's own
 * grammar (see {@code src/main/codegen}) with the few additions task SQL needs: partition columns
 * called {@code day} or {@code month}, {@code CREATE TABLE … AS}, PostgreSQL's {@code ::} cast.
 * Babel is generated with two tokens of lookahead at every choice and about 630 non-reserved
 * keywords, so nearly every token of a statement costs hundreds of lookahead steps; the task SQL
 * parser decides on one token among about 390 keywords and reads the statements of the corpus
 * about three times as fast, into the same trees. What it does not accept (a name that only two
 * tokens tell from a keyword, such as {@code (value + 1)}, or a Babel-only form) is parsed by
 * Babel, so every statement Babel accepts is still accepted; a statement that neither accepts
 * fails with Babel's error, which names the first token that cannot start what follows.
 *
 * <p>Each thread reuses its task SQL parser. A new parser allocates its lookahead tables and
 * character buffers (about 30 % of all the memory an annotation allocated); a parser that finished
 * a statement is re-initialized for the next one instead, which is JavaCC's own way to parse again.
 * Everything the statement is parsed with (casing, quoting, conformance, lexical state) is set by
 * {@link SqlParser} for each statement, as for a new parser. A parser whose statement failed is
 * dropped, so no state of a failed parse reaches another.
 */
final class TaskSqlParsers {

  /** The parser that the thread used last, free while no statement is being parsed. */
  private static final ThreadLocal<ReusableParser> IDLE = new ThreadLocal<>();

  private TaskSqlParsers() {}

  /**
   * Parses one statement, as {@code SqlParser.create(sql, config).parseStmt()} does with Babel.
   *
   * @param config the dialect's parser configuration; its parser factory is not used
   * @throws SqlParseException when the statement does not parse, as Babel reports it
   */
  static SqlNode parseStmt(String sql, SqlParser.Config config) throws SqlParseException {
    ReusableParser idle = IDLE.get();
    IDLE.remove(); // taken: a parse started while this one runs gets a parser of its own
    ReusableParser[] used = new ReusableParser[1];
    SqlParserImplFactory factory = reader -> {
      used[0] = idle == null ? new ReusableParser(reader) : idle.reset(reader);
      if (reader instanceof SourceStringReader source) {
        used[0].setOriginalSql(source.getSourceString());
      }
      return used[0];
    };
    SqlNode node;
    try {
      node = SqlParser.create(sql, config.withParserFactory(factory)).parseStmt();
    } catch (SqlParseException notTaskSql) {
      return SqlParser.create(sql, config.withParserFactory(SqlBabelParserImpl.FACTORY))
          .parseStmt();
    }
    IDLE.set(used[0]);
    return node;
  }

  /** The task SQL parser with the per-statement state its re-initialization leaves to subclasses. */
  private static final class ReusableParser extends TaskSqlParserImpl {
    ReusableParser(Reader reader) {
      super(reader);
    }

    ReusableParser reset(Reader reader) {
      ReInit(reader);
      nDynamicParams = 0;
      warnings.clear();
      return this;
    }
  }
}
