package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.template.TemplateExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Splits an expanded template into statements and parses each. A few forms the Babel parser does
 * not know are recognized first and rewritten in place, keeping every character's offset so that
 * error positions stay exact: {@code TRUNCATE}, Hive's {@code INSERT OVERWRITE … PARTITION (…)} and
 * PostgreSQL's {@code ON CONFLICT}.
 */
final class StatementParser {

  private static final String NAME = "([\\w.\"`]+)";
  private static final Pattern TRUNCATE =
      Pattern.compile("(?is)\\s*TRUNCATE\\s+(?:TABLE\\s+)?" + NAME + "\\s*");
  private static final Pattern INSERT_OVERWRITE = Pattern.compile(
      "(?is)(\\s*INSERT\\s+)(OVERWRITE(?:\\s+TABLE)?)(\\s+)" + NAME
          + "(\\s+PARTITION\\s*\\(([^)]*)\\))?");
  private static final Pattern ON_CONFLICT = Pattern.compile("(?is)\\bON\\s+CONFLICT\\b.*$");
  private static final Pattern PARTITION_ITEM =
      Pattern.compile("(?s)\\s*([\\w\"`]+)\\s*(?:=\\s*(.+?))?\\s*");

  private final DialectSettings settings;
  private final TemplateExpansion expansion;

  StatementParser(DialectSettings settings, TemplateExpansion expansion) {
    this.settings = settings;
    this.expansion = expansion;
  }

  List<Statement> parse() {
    List<Statement> statements = new ArrayList<>();
    for (Span span : split(expansion.sql())) {
      statements.add(parseOne(span));
    }
    if (statements.isEmpty()) {
      throw new AnnotationException(Reason.UNPARSEABLE_SQL, "The task has no SQL statement",
          expansion.templatePosition(0));
    }
    return statements;
  }

  private record Span(String text, int offset) {}

  private Statement parseOne(Span span) {
    Matcher truncate = TRUNCATE.matcher(span.text());
    if (truncate.matches()) {
      return new Statement.Truncate(tableName(truncate.group(1)));
    }
    String text = span.text();
    boolean overwrite = false;
    Map<String, String> staticPartitions = Map.of();
    Matcher insertOverwrite = INSERT_OVERWRITE.matcher(text);
    if (insertOverwrite.lookingAt()) {
      overwrite = true;
      StringBuilder rewritten = new StringBuilder(text);
      replaceKeepingLength(rewritten, insertOverwrite.start(2), insertOverwrite.end(2), "INTO");
      if (insertOverwrite.group(5) != null) {
        staticPartitions = partitionSpec(insertOverwrite.group(6), span, insertOverwrite.start(6));
        replaceKeepingLength(rewritten, insertOverwrite.start(5), insertOverwrite.end(5), "");
      }
      text = rewritten.toString();
    }
    boolean upsert = false;
    Matcher onConflict = ON_CONFLICT.matcher(text);
    if (text.stripLeading().regionMatches(true, 0, "INSERT", 0, 6) && onConflict.find()) {
      upsert = true;
      StringBuilder rewritten = new StringBuilder(text);
      replaceKeepingLength(rewritten, onConflict.start(), onConflict.end(), "");
      text = rewritten.toString();
    }
    SqlNode node = parseSql(text, span.offset());
    return switch (node) {
      case SqlInsert insert -> new Statement.Insert(
          tableName(insert.getTargetTable(), span), columnList(insert), insert.getSource(),
          overwrite, staticPartitions, upsert);
      case SqlCreateTable create when create.query != null ->
          new Statement.CreateTableAs(tableName(create.name, span), create.getReplace(), create.query);
      case SqlDelete delete -> new Statement.Delete(
          tableName(delete.getTargetTable(), span), Optional.ofNullable(delete.getCondition()));
      case SqlMerge merge -> new Statement.Merge(tableName(merge.getTargetTable(), span), merge);
      default -> {
        if (node.getKind().belongsTo(SqlKind.QUERY)) {
          yield new Statement.Query(node);
        }
        throw new AnnotationException(Reason.UNSUPPORTED_STATEMENT,
            "Unsupported statement " + node.getKind() + ": a task may INSERT, CREATE TABLE AS,"
                + " DELETE, MERGE, TRUNCATE or SELECT",
            position(node.getParserPosition(), span.offset()));
      }
    };
  }

  private SqlNode parseSql(String text, int offset) {
    try {
      SqlNode node = TaskSqlParsers.parseStmt(text, settings.parserConfig());
      node.accept(TRUNCATED_COLUMNS);
      return node;
    } catch (SqlParseException e) {
      SqlParserPos pos = e.getPos();
      String firstLine = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("");
      firstLine = firstLine.replaceAll(" at line \\d+, column \\d+\\.?", "");
      throw new AnnotationException(Reason.UNPARSEABLE_SQL, "SQL does not parse: " + firstLine,
          pos == null ? expansion.templatePosition(offset) : position(pos, offset), e);
    }
  }

  /**
   * The parser reads {@code date_trunc} as the function {@code DATE_TRUNC(x, DAY)} of other
   * dialects, whose second argument is a time unit: the parser takes a bare {@code day} there for
   * the unit {@code DAY}, and validation would turn the identifier {@code day} into one too. When
   * the unit is given first as a string ({@code date_trunc('week', day)}, as in Trino, PostgreSQL
   * and Spark), the second argument is the truncated value: it is put back as the column it was
   * written as (unquoted, so in lower case). Whatever the second argument is (a column, or the
   * logical date: {@code date_trunc('month', DATE '{{ ds }}')}), the call is Trino's
   * {@code date_trunc}, typed like that argument; the parser's own form would be typed like the
   * unit string once converted.
   */
  private static final SqlShuttle TRUNCATED_COLUMNS = new SqlShuttle() {
    @Override
    public SqlNode visit(SqlCall call) {
      if (call instanceof SqlBasicCall basic
          && call.getOperator().getName().equalsIgnoreCase("DATE_TRUNC")
          && call.operandCount() == 2
          && call.operand(0) instanceof SqlCharStringLiteral) {
        if (call.operand(1) instanceof SqlIntervalQualifier unit
            && unit.timeFrameName == null && unit.isSingleDatetimeField()) {
          call.setOperand(1, new SqlIdentifier(
              unit.getStartUnit().name().toLowerCase(Locale.ROOT), unit.getParserPosition()));
        }
        if (call.operand(1) instanceof SqlIdentifier column && column.isSimple()
            || !(call.operand(1) instanceof SqlIdentifier)
                && !(call.operand(1) instanceof SqlIntervalQualifier)) {
          basic.setOperator(TrinoFunctions.DATE_TRUNC);
        }
      }
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null) {
          operand.accept(this);
        }
      }
      return call;
    }
  };

  private io.dataflow.gateway.annotator.SourcePosition position(SqlParserPos pos, int offset) {
    String sql = expansion.sql();
    int line = 1;
    int i = offset;
    while (line < pos.getLineNum() && i < sql.length()) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
      i++;
    }
    return expansion.templatePosition(Math.min(sql.length(), i + Math.max(0, pos.getColumnNum() - 1)));
  }

  private Map<String, String> partitionSpec(String spec, Span span, int start) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String item : spec.split(",")) {
      Matcher m = PARTITION_ITEM.matcher(item);
      if (!m.matches()) {
        throw new AnnotationException(Reason.UNPARSEABLE_SQL,
            "Cannot read PARTITION item '" + item.strip() + "'",
            expansion.templatePosition(span.offset() + start));
      }
      values.put(unquote(m.group(1)), m.group(2) == null ? "" : m.group(2).strip());
    }
    return java.util.Collections.unmodifiableMap(values);
  }

  private static void replaceKeepingLength(StringBuilder text, int start, int end, String with) {
    StringBuilder replacement = new StringBuilder(with);
    for (int i = start + with.length(); i < end; i++) {
      replacement.append(text.charAt(i) == '\n' ? '\n' : ' ');
    }
    text.replace(start, end, replacement.toString());
  }

  private static Optional<List<String>> columnList(SqlInsert insert) {
    if (insert.getTargetColumnList() == null || insert.getTargetColumnList().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(insert.getTargetColumnList().stream()
        .map(n -> ((SqlIdentifier) n).getSimple().toLowerCase(Locale.ROOT)).toList());
  }

  private TableName tableName(SqlNode node, Span span) {
    if (node instanceof SqlIdentifier identifier && !identifier.isStar()) {
      return new TableName(identifier.names);
    }
    throw new AnnotationException(Reason.UNSUPPORTED_STATEMENT,
        "Expected a table name, got " + node, position(node.getParserPosition(), span.offset()));
  }

  private static TableName tableName(String written) {
    return new TableName(List.of(unquote(written).split("\\.")));
  }

  private static String unquote(String name) {
    return name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
  }

  /** Splits at semicolons outside literals, quoted identifiers and comments. */
  private static List<Span> split(String sql) {
    List<Span> spans = new ArrayList<>();
    int start = 0;
    int i = 0;
    boolean meaningful = false;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int close = sql.indexOf(c, i + 1);
        i = close < 0 ? sql.length() : close + 1;
        meaningful = true;
        continue;
      }
      if (c == '-' && sql.startsWith("--", i)) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? sql.length() : eol;
        continue;
      }
      if (c == '/' && sql.startsWith("/*", i)) {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? sql.length() : close + 2;
        continue;
      }
      if (c == ';') {
        if (meaningful) {
          spans.add(new Span(sql.substring(start, i), start));
        }
        start = i + 1;
        meaningful = false;
      } else if (!Character.isWhitespace(c)) {
        meaningful = true;
      }
      i++;
    }
    if (meaningful) {
      spans.add(new Span(sql.substring(start), start));
    }
    return spans;
  }
}
