<#--
  Productions the task SQL parser adds to Calcite's grammar.
-->

/**
 * Parses the rest of {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(columns)] [AS query]}
 * after {@code CREATE [OR REPLACE]}. A column is a name, or a name, a type and an optional
 * {@code NOT NULL}.
 */
SqlCreate SqlCreateTableAs(Span s, boolean replace) :
{
    boolean ifNotExists = false;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    SqlNode query = null;
}
{
    <TABLE>
    [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    name = CompoundIdentifier()
    [ columns = CreateTableColumns() ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return SqlDdlNodes.createTable(s.end(this), replace, ifNotExists, name,
            columns, query);
    }
}

/** Parses the parenthesized columns of a CREATE TABLE. */
SqlNodeList CreateTableColumns() :
{
    final Span s;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    AddCreateTableColumn(columns)
    ( <COMMA> AddCreateTableColumn(columns) )*
    <RPAREN>
    {
        return new SqlNodeList(columns, s.end(this));
    }
}

void AddCreateTableColumn(List<SqlNode> columns) :
{
    final SqlIdentifier name;
    SqlDataTypeSpec type = null;
    boolean nullable = true;
}
{
    name = SimpleIdentifier()
    [
        type = DataType()
        nullable = NotNullOpt()
    ]
    {
        if (type == null) {
            columns.add(name);
        } else {
            columns.add(SqlDdlNodes.column(name.getParserPosition(), name,
                type.withNullable(nullable), null, null));
        }
    }
}

/** Parses PostgreSQL's cast operator and its type: {@code expression::type}. */
void InfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlParserPos pos;
    final SqlDataTypeSpec type;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
        pos = getPos();
    }
    type = DataType() {
        list.add(new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.INFIX_CAST, pos));
        list.add(type);
    }
}
