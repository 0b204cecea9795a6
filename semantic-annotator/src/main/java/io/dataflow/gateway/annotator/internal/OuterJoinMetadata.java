package io.dataflow.gateway.annotator.internal;

import com.google.common.collect.ImmutableList;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdAllPredicates;
import org.apache.calcite.rel.metadata.RelMdExpressionLineage;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * Calcite's lineage metadata gives up at outer joins ({@code LEFT JOIN prev ON …} in the
 * week-over-week task). These handlers, chained in front of Calcite's defaults, answer for outer
 * joins in the way a partition analysis needs:
 *
 * <ul>
 *   <li>all predicates: those of both inputs, and none of the join condition — a condition on the
 *       preserved side filters no row of it, so dropping the condition only ever widens (conditions
 *       on the null-generating side were pushed into that input before this is asked);
 *   <li>all predicates of a filter or an inner join: only the conjuncts that can be traced to table columns
 *       (Calcite gives up on the whole query when one conjunct compares an aggregate or a
 *       subquery's value), and none at all above a window function or a {@code LIMIT}, where a
 *       condition on a partition column no longer bounds the rows read, only the rows kept
 *       ({@link FilterTrace});
 *   <li>expression lineage: where a value comes from does not depend on whether the join pads rows
 *       with nulls, so it is the lineage of the same join taken as inner.
 * </ul>
 *
 * <p>The classes are public only because Calcite's generated dispatch code calls them.
 */
public final class OuterJoinMetadata {

  static final RelMetadataProvider PROVIDER = provider(new AllPredicates());

  static final CompiledHandlers HANDLERS =
      new CompiledHandlers(JaninoRelMetadataProvider.of(PROVIDER));

  /**
   * The same, except that conditions above a window function or a {@code LIMIT} are kept: they do
   * not bound the rows read, but they do bound the rows a query returns, so these handlers tell
   * which partitions a query writes when those pass an input's partition column through.
   */
  static final CompiledHandlers KEPT_ROWS_HANDLERS =
      new CompiledHandlers(JaninoRelMetadataProvider.of(provider(new KeptRowPredicates())));

  private static RelMetadataProvider provider(AllPredicates allPredicates) {
    return ChainedRelMetadataProvider.of(ImmutableList.of(
        ReflectiveRelMetadataProvider.reflectiveSource(
            allPredicates, BuiltInMetadata.AllPredicates.Handler.class),
        ReflectiveRelMetadataProvider.reflectiveSource(
            new ExpressionLineage(), BuiltInMetadata.ExpressionLineage.Handler.class),
        DefaultRelMetadataProvider.INSTANCE));
  }

  private OuterJoinMetadata() {}

  private static Join asInner(Join join, RexNode condition) {
    return join.copy(join.getTraitSet(), condition, join.getLeft(), join.getRight(),
        JoinRelType.INNER, join.isSemiJoinDone());
  }

  /** All predicates, through outer joins. */
  public static class AllPredicates extends RelMdAllPredicates {

    /** Whether a condition above a window function or a {@code LIMIT} is dropped. */
    boolean dropsConditionsOnMixedRows() {
      return true;
    }

    @Override
    public RelOptPredicateList getAllPredicates(Join join, RelMetadataQuery mq) {
      if (!join.getJoinType().isOuterJoin()) {
        if (join.getJoinType() != JoinRelType.INNER) {
          return super.getAllPredicates(join, mq);
        }
        java.util.List<RexNode> traceable = FilterTrace.traceableConjuncts(join, join.getCondition(), mq);
        if (traceable.size() == org.apache.calcite.plan.RelOptUtil.conjunctions(join.getCondition()).size()) {
          return super.getAllPredicates(join, mq);
        }
        RexNode condition = org.apache.calcite.rex.RexUtil.composeConjunction(
            join.getCluster().getRexBuilder(), traceable);
        return super.getAllPredicates(asInner(join, condition), mq);
      }
      RelNode inner = asInner(join, join.getCluster().getRexBuilder().makeLiteral(true));
      return mq.getAllPredicates(inner);
    }

    @Override
    public RelOptPredicateList getAllPredicates(Filter filter, RelMetadataQuery mq) {
      if (dropsConditionsOnMixedRows() && FilterTrace.mixesRows(filter.getInput())) {
        return mq.getAllPredicates(filter.getInput());
      }
      java.util.List<RexNode> traceable =
          FilterTrace.traceableConjuncts(filter.getInput(), filter.getCondition(), mq);
      if (traceable.size() == org.apache.calcite.plan.RelOptUtil.conjunctions(filter.getCondition()).size()) {
        return super.getAllPredicates(filter, mq);
      }
      if (traceable.isEmpty()) {
        return mq.getAllPredicates(filter.getInput());
      }
      RexNode condition = org.apache.calcite.rex.RexUtil.composeConjunction(
          filter.getCluster().getRexBuilder(), traceable);
      return super.getAllPredicates(filter.copy(filter.getTraitSet(), filter.getInput(), condition), mq);
    }
  }

  /** All predicates of the rows a query returns, conditions above windows included. */
  public static final class KeptRowPredicates extends AllPredicates {
    @Override
    boolean dropsConditionsOnMixedRows() {
      return false;
    }
  }

  /** Expression lineage, through outer joins. */
  public static final class ExpressionLineage extends RelMdExpressionLineage {
    public ExpressionLineage() {
      super();
    }

    @Override
    public Set<RexNode> getExpressionLineage(
        Join join, RelMetadataQuery mq, RexNode outputExpression) {
      if (!join.getJoinType().isOuterJoin()) {
        return super.getExpressionLineage(join, mq, outputExpression);
      }
      return mq.getExpressionLineage(asInner(join, join.getCondition()), outputExpression);
    }
  }
}
