package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.WriteMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * How the statements of one task combine: which table it writes and how, which query produces the
 * rows, and what makes the combination unanalyzable.
 *
 * @param target the table written
 * @param writeMode how it is written
 * @param query the query whose rows are written (or read, for a task that only reads)
 * @param insertColumns the INSERT's column list, when it has one
 * @param staticPartitions Hive {@code PARTITION (col = value)} values, not part of the query's rows
 * @param opaqueReason why the combination cannot be analyzed, when it cannot
 * @param insert true when the rows go through an INSERT, so they take the target's column order
 * @param deleteCondition the condition of a {@code DELETE} of the target before it is written
 */
record TaskShape(
    Optional<TableName> target,
    Optional<WriteMode> writeMode,
    Optional<SqlNode> query,
    Optional<List<String>> insertColumns,
    Map<String, String> staticPartitions,
    Optional<String> opaqueReason,
    boolean insert,
    Optional<SqlNode> deleteCondition) {

  static TaskShape of(List<Statement> statements) {
    Set<TableName> targets = new LinkedHashSet<>();
    Statement producer = null;
    int producers = 0;
    boolean truncated = false;
    boolean deletedAll = false;
    boolean deletedSome = false;
    SqlNode firstQuery = null;
    SqlNode deleteCondition = null;
    for (Statement statement : statements) {
      switch (statement) {
        case Statement.Insert insert -> {
          targets.add(insert.target());
          producer = statement;
          producers++;
        }
        case Statement.CreateTableAs ctas -> {
          targets.add(ctas.target());
          producer = statement;
          producers++;
        }
        case Statement.Merge merge -> {
          targets.add(merge.target());
          producer = statement;
          producers++;
        }
        case Statement.Delete delete -> {
          targets.add(delete.target());
          if (delete.condition().isPresent()) {
            deletedSome = true;
            deleteCondition = delete.condition().get();
          } else {
            deletedAll = true;
          }
        }
        case Statement.Truncate truncate -> {
          targets.add(truncate.target());
          truncated = true;
        }
        case Statement.Query query -> {
          if (firstQuery == null) {
            firstQuery = query.query();
          }
        }
      }
    }
    Optional<String> opaque = Optional.empty();
    if (targets.size() > 1) {
      opaque = Optional.of("writes several tables " + targets + ": only one output per task is analyzed");
    } else if (producers > 1) {
      opaque = Optional.of("several statements write " + targets.iterator().next());
    }
    Optional<TableName> target = targets.stream().findFirst();
    Optional<SqlNode> deleted = Optional.ofNullable(deleteCondition);
    return switch (producer) {
      case Statement.Insert insert -> {
        WriteMode mode;
        if (insert.upsert()) {
          mode = WriteMode.MERGE;
        } else if (truncated || deletedAll || insert.overwrite() && insert.staticPartitions().isEmpty()) {
          // INSERT OVERWRITE without PARTITION (…): Hive allows it only for an unpartitioned
          // table, and Spark's default (static) overwrite mode empties the whole table first
          mode = WriteMode.FULL_REPLACE;
        } else if (deletedSome || insert.overwrite()) {
          mode = WriteMode.REPLACE_PARTITIONS;
        } else {
          mode = WriteMode.APPEND;
        }
        yield new TaskShape(target, Optional.of(mode), Optional.of(insert.source()),
            insert.columns(), insert.staticPartitions(), opaque, true, deleted);
      }
      case Statement.CreateTableAs ctas -> new TaskShape(target, Optional.of(WriteMode.FULL_REPLACE),
          Optional.of(ctas.query()), Optional.empty(), Map.of(), opaque, false, deleted);
      case Statement.Merge merge -> new TaskShape(target, Optional.of(WriteMode.MERGE),
          Optional.of(selectAll(merge.merge().getSourceTableRef())), Optional.empty(), Map.of(),
          opaque, false, deleted);
      case null -> new TaskShape(target,
          target.isPresent() ? Optional.of(truncated || deletedAll ? WriteMode.FULL_REPLACE : WriteMode.DELETE)
              : Optional.empty(),
          Optional.ofNullable(firstQuery), Optional.empty(), Map.of(), opaque, false, deleted);
      default -> throw new IllegalStateException("Not a producing statement: " + producer);
    };
  }

  /** The rows of a MERGE's source: its query, or every row of its table. */
  private static SqlNode selectAll(SqlNode source) {
    SqlNode from = source;
    if (source instanceof SqlBasicCall call && call.getKind() == SqlKind.AS
        && !(call.operand(0) instanceof SqlIdentifier)) {
      from = call.operand(0);
    }
    if (from.getKind().belongsTo(SqlKind.QUERY)) {
      return from;
    }
    SqlParserPos pos = SqlParserPos.ZERO;
    return new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)), source,
        null, null, null, null, null, null, null, null, null);
  }
}
