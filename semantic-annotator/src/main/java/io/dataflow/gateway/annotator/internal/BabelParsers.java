package io.dataflow.gateway.annotator.internal;

import java.io.Reader;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.util.SourceStringReader;

/**
 * Parses statements with Calcite's Babel parser, reusing one parser per thread. A new Babel parser
 * allocates its lookahead tables and character buffers (about 30 % of all the memory an annotation
 * allocated); a parser that finished a statement is re-initialized for the next one instead, which
 * is JavaCC's own way to parse again. Everything the statement is parsed with (casing, quoting,
 * conformance, lexical state) is set by {@link SqlParser} for each statement, as for a new parser.
 * A parser whose statement failed is dropped, so no state of a failed parse reaches another.
 */
final class BabelParsers {

  /** The parser that the thread used last, free while no statement is being parsed. */
  private static final ThreadLocal<ReusableParser> IDLE = new ThreadLocal<>();

  private BabelParsers() {}

  /**
   * Parses one statement, as {@code SqlParser.create(sql, config).parseStmt()} does.
   *
   * @param config the dialect's parser configuration; its parser factory is not used
   * @throws SqlParseException when the statement does not parse
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
    SqlNode node = SqlParser.create(sql, config.withParserFactory(factory)).parseStmt();
    IDLE.set(used[0]);
    return node;
  }

  /** The Babel parser with the per-statement state its re-initialization leaves to subclasses. */
  private static final class ReusableParser extends SqlBabelParserImpl {
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
