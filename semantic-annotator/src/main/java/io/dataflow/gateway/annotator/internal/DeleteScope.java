package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Checks that a {@code DELETE … WHERE} before an {@code INSERT} removes exactly the partitions the
 * insert writes, which is what makes the pair a partition replacement. The condition is planned
 * as {@code SELECT * FROM target WHERE condition} and read like any other query's predicates.
 */
final class DeleteScope {

  private DeleteScope() {}

  /** Why the delete and the write do not make a partition replacement, if they do not. */
  static Optional<String> mismatch(TaskShape shape, Optional<TableSchema> targetSchema,
      OutputPartitioning output, QueryFacts query, QueryPlanner planner) {
    if (shape.writeMode().orElse(null) != WriteMode.REPLACE_PARTITIONS
        || shape.deleteCondition().isEmpty() || targetSchema.isEmpty()) {
      return Optional.empty();
    }
    String target = targetSchema.get().name().toString();
    if (!output.partitioned() || output.unknown().isPresent()) {
      return Optional.of("DELETE … WHERE then INSERT on " + target + " cannot be scoped to"
          + " partitions: " + output.unknown().orElse(target + " is not partitioned by date or time"));
    }
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlSelect select = new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)),
        new SqlIdentifier(targetSchema.get().name().parts(), pos), shape.deleteCondition().get(),
        null, null, null, null, null, null, null, null);
    QueryFacts facts;
    try {
      facts = new QueryFacts(planner.plan(select));
    } catch (RuntimeException e) {
      return Optional.of("the DELETE condition on " + target + " does not validate: "
          + e.getMessage());
    }
    if (facts.hasOtherPredicates()) {
      return Optional.of("DELETE … WHERE on " + target + " selects rows by more than its partition"
          + " column, so it does not remove whole partitions");
    }
    if (output.coarsenedTo().isPresent()) {
      return CoarseDeleteScope.mismatch(target, output, query,
          facts.scans().stream().findFirst().flatMap(QueryFacts.Scan::bounds));
    }
    Optional<TreeSet<Long>> deleted = facts.scans().stream().findFirst()
        .flatMap(QueryFacts.Scan::bounds).flatMap(PartitionBounds::offsets);
    if (deleted.isEmpty()) {
      return Optional.of("cannot tell which partitions of " + target + " the DELETE removes");
    }
    if (output.offsets().isEmpty() || !output.offsets().get().equals(deleted.get())) {
      return Optional.of("the DELETE removes partitions " + render(deleted.get(), output)
          + " of " + target + " but the query writes "
          + output.offsets().map(o -> render(o, output).toString()).orElse("partitions it cannot name"));
    }
    return Optional.empty();
  }

  private static List<String> render(TreeSet<Long> offsets, OutputPartitioning output) {
    return offsets.stream().map(k -> Offsets.render(k, output.unit())).toList();
  }
}
