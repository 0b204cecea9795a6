package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * The tables a parsed query reads, from its syntax alone: the fallback when there is no schema to
 * validate against. Names defined by {@code WITH} are not tables.
 */
final class SyntacticTables {

  private final Set<TableName> tables = new LinkedHashSet<>();
  private final Set<String> cteNames = new HashSet<>();

  private SyntacticTables() {}

  static Set<TableName> of(SqlNode query) {
    SyntacticTables collector = new SyntacticTables();
    collector.query(query);
    return collector.tables;
  }

  private void query(SqlNode node) {
    switch (node) {
      case null -> { }
      case SqlSelect select -> {
        from(select.getFrom());
        expressions(select.getSelectList());
        expressions(select.getWhere());
        expressions(select.getHaving());
      }
      case SqlWith with -> {
        for (SqlNode item : with.withList) {
          SqlWithItem withItem = (SqlWithItem) item;
          cteNames.add(withItem.name.getSimple().toLowerCase(Locale.ROOT));
          query(withItem.query);
        }
        query(with.body);
      }
      case SqlOrderBy orderBy -> query(orderBy.query);
      case SqlNodeList list -> list.forEach(this::query);
      case SqlCall call when call.getKind().belongsTo(SqlKind.SET_QUERY) ->
          call.getOperandList().forEach(this::query);
      case SqlCall call -> call.getOperandList().forEach(this::from);
      default -> { }
    }
  }

  private void from(SqlNode node) {
    switch (node) {
      case null -> { }
      case SqlIdentifier identifier -> {
        if (!(identifier.isSimple()
            && cteNames.contains(identifier.getSimple().toLowerCase(Locale.ROOT)))) {
          tables.add(new TableName(identifier.names));
        }
      }
      case SqlJoin join -> {
        from(join.getLeft());
        from(join.getRight());
        expressions(join.getCondition());
      }
      case SqlBasicCall call when call.getKind() == SqlKind.AS -> from(call.operand(0));
      case SqlSelect select -> query(select);
      case SqlCall call when call.getKind().belongsTo(SqlKind.QUERY) -> query(call);
      case SqlCall call -> call.getOperandList().forEach(this::from);
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
