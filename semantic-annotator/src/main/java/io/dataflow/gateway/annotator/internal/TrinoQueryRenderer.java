package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.render.TableMapping;
import io.dataflow.gateway.annotator.render.TrinoRenderer;
import io.dataflow.gateway.annotator.template.TemplateExpander;
import io.dataflow.gateway.annotator.template.TemplateExpansion;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Renders a task's query with Calcite's Presto dialect, as {@link TrinoDialect} corrects it, after
 * two rewrites of the parsed tree: the sentinel literals of the template become literals of the
 * logical date, and table names in FROM positions become the mapped names (aliased to their old
 * name so qualified columns still resolve).
 */
public final class TrinoQueryRenderer implements TrinoRenderer {

  private static final Pattern SENTINEL_DATE =
      Pattern.compile("(?<!\\d)(\\d{4}-\\d{2}-\\d{2}|\\d{8})(?!\\d)");
  private static final Pattern SENTINEL_PARAM = Pattern.compile("__param_([A-Za-z_][A-Za-z0-9_]*)__");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Override
  public String render(String sqlTemplate, Dialect dialect, LocalDate logicalDate,
      Map<String, String> params, TableMapping tables) {
    return prepare(sqlTemplate, dialect).render(logicalDate, params, tables);
  }

  /** Parses a task's template once so that its query can be rendered for many logical dates. */
  static Prepared prepare(String sqlTemplate, Dialect dialect) {
    TemplateExpansion expansion = TemplateExpander.expand(sqlTemplate, ChronoUnit.DAYS);
    List<Statement> statements =
        new StatementParser(DialectSettings.of(dialect), expansion).parse();
    SqlNode query = TaskShape.of(statements).query().orElseThrow(() -> new AnnotationException(
        Reason.UNSUPPORTED_STATEMENT, "The task has no query to render", null));
    Map<SqlIdentifier, Boolean> tableNames = new IdentityHashMap<>();
    new TableFinder(tableNames).query(query);
    return new Prepared(query, tableNames);
  }

  /**
   * A task's parsed query and the identifiers in it that name tables. Rendering never changes the
   * tree (Calcite's shuttles copy what they change), so one instance renders any number of dates.
   */
  static final class Prepared {
    private final SqlNode query;
    private final Map<SqlIdentifier, Boolean> tableNames;

    private Prepared(SqlNode query, Map<SqlIdentifier, Boolean> tableNames) {
      this.query = query;
      this.tableNames = tableNames;
    }

    /** The query for {@code logicalDate}, as a single Trino query without a trailing semicolon. */
    String render(LocalDate logicalDate, Map<String, String> params, TableMapping tables) {
      requireNonNull(logicalDate, "logicalDate is null");
      Map<String, String> values = Map.copyOf(requireNonNull(params, "params is null"));
      requireNonNull(tables, "tables is null");
      long shiftDays = ChronoUnit.DAYS.between(TemplateExpansion.SENTINEL_LOGICAL_DATE, logicalDate);
      SqlNode rewritten = query.accept(new Rewriter(tableNames, tables, shiftDays, values));
      return requireNonNull(rewritten, "rewritten query").toSqlString(TrinoDialect.INSTANCE)
          .getSql();
    }
  }

  /** Replaces sentinel values and table names. */
  private static final class Rewriter extends SqlShuttle {
    private final Map<SqlIdentifier, Boolean> tableNames;
    private final TableMapping tables;
    private final long shiftDays;
    private final Map<String, String> params;

    Rewriter(Map<SqlIdentifier, Boolean> tableNames, TableMapping tables, long shiftDays,
        Map<String, String> params) {
      this.tableNames = tableNames;
      this.tables = tables;
      this.shiftDays = shiftDays;
      this.params = params;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      Boolean aliased = tableNames.get(id);
      if (aliased == null) {
        return id;
      }
      TableName legacy = new TableName(id.names);
      SqlIdentifier mapped = new SqlIdentifier(tables.map(legacy).parts(), id.getParserPosition());
      if (aliased || mapped.names.getLast().equals(legacy.table())) {
        return mapped;
      }
      return SqlStdOperatorTable.AS.createCall(id.getParserPosition(), mapped,
          new SqlIdentifier(legacy.table(), id.getParserPosition()));
    }

    @Override
    public SqlNode visit(SqlLiteral literal) {
      SqlParserPos pos = literal.getParserPosition();
      if (literal instanceof SqlUnknownLiteral typed) {
        // DATE '…' and TIMESTAMP '…' as the parser leaves them, typed only by validation
        String text = typed.getValue();
        String replaced = replaceInText(text);
        return replaced.equals(text) ? literal : SqlLiteral.createUnknown(typed.tag, replaced, pos);
      }
      if (literal instanceof SqlDateLiteral date) {
        LocalDate value = LocalDate.parse(date.getValueAs(DateString.class).toString());
        return TemplateExpansion.isRelative(value)
            ? SqlLiteral.createDate(new DateString(value.plusDays(shiftDays).toString()), pos)
            : literal;
      }
      if (literal instanceof SqlTimestampLiteral timestamp) {
        LocalDateTime value = LocalDateTime.parse(timestamp.getTimestamp().toString()
            .substring(0, 19).replace(' ', 'T'));
        return TemplateExpansion.isRelative(value)
            ? SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP,
                new TimestampString(value.plusDays(shiftDays).format(TIMESTAMP)), 0, pos)
            : literal;
      }
      if (literal instanceof SqlCharStringLiteral) {
        String text = literal.getValueAs(String.class);
        String replaced = replaceInText(text);
        return replaced.equals(text) ? literal : SqlLiteral.createCharString(replaced, pos);
      }
      if (literal instanceof SqlNumericLiteral number && number.isExact()
          && literal.toValue() != null && literal.toValue().matches("\\d{8}")) {
        try {
          LocalDate value = LocalDate.parse(literal.toValue(), DateTimeFormatter.BASIC_ISO_DATE);
          if (TemplateExpansion.isRelative(value)) {
            return SqlLiteral.createExactNumeric(
                value.plusDays(shiftDays).format(DateTimeFormatter.BASIC_ISO_DATE), pos);
          }
        } catch (java.time.format.DateTimeParseException e) {
          return literal;
        }
      }
      return literal;
    }

    private String replaceInText(String text) {
      StringBuilder out = new StringBuilder();
      Matcher param = SENTINEL_PARAM.matcher(text);
      while (param.find()) {
        String name = param.group(1);
        String value = params.get(name);
        if (value == null) {
          throw new AnnotationException(Reason.UNSUPPORTED_TEMPLATE,
              "No value given for template parameter params." + name, null);
        }
        param.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      param.appendTail(out);
      Matcher date = SENTINEL_DATE.matcher(out.toString());
      StringBuilder shifted = new StringBuilder();
      while (date.find()) {
        String replacement = date.group();
        boolean dashed = date.group().length() == 10;
        DateTimeFormatter format =
            dashed ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.BASIC_ISO_DATE;
        try {
          LocalDate value = LocalDate.parse(date.group(), format);
          if (TemplateExpansion.isRelative(value)) {
            replacement = value.plusDays(shiftDays).format(format);
          }
        } catch (java.time.format.DateTimeParseException e) {
          // not a date: kept as written
        }
        date.appendReplacement(shifted, Matcher.quoteReplacement(replacement));
      }
      date.appendTail(shifted);
      return shifted.toString();
    }
  }

  /** Finds the identifiers that name tables (FROM positions), and whether each has an alias. */
  private static final class TableFinder {
    private final Map<SqlIdentifier, Boolean> found;
    private final List<String> cteNames = new ArrayList<>();

    TableFinder(Map<SqlIdentifier, Boolean> found) {
      this.found = found;
    }

    void query(SqlNode node) {
      switch (node) {
        case null -> { }
        case SqlSelect select -> {
          from(select.getFrom(), false);
          expressions(select.getSelectList());
          expressions(select.getWhere());
          expressions(select.getHaving());
        }
        case SqlWith with -> {
          for (SqlNode item : with.withList) {
            cteNames.add(((SqlWithItem) item).name.getSimple().toLowerCase(Locale.ROOT));
            query(((SqlWithItem) item).query);
          }
          query(with.body);
        }
        case SqlOrderBy orderBy -> query(orderBy.query);
        case SqlCall call when call.getKind().belongsTo(SqlKind.SET_QUERY) ->
            call.getOperandList().forEach(this::query);
        default -> { }
      }
    }

    private void from(SqlNode node, boolean aliased) {
      switch (node) {
        case null -> { }
        case SqlIdentifier id -> {
          if (!(id.isSimple() && cteNames.contains(id.getSimple().toLowerCase(Locale.ROOT)))) {
            found.put(id, aliased);
          }
        }
        case SqlJoin join -> {
          from(join.getLeft(), false);
          from(join.getRight(), false);
          expressions(join.getCondition());
        }
        case SqlBasicCall call when call.getKind() == SqlKind.AS -> from(call.operand(0), true);
        case SqlCall call when call.getKind().belongsTo(SqlKind.QUERY) -> query(call);
        default -> { }
      }
    }

    private void expressions(SqlNode node) {
      switch (node) {
        case null -> { }
        case SqlCall call when call.getKind().belongsTo(SqlKind.QUERY) -> query(call);
        case SqlNodeList list -> list.forEach(this::expressions);
        case SqlCall call -> call.getOperandList().forEach(this::expressions);
        default -> { }
      }
    }
  }

}
