package io.dataflow.gateway.annotator.internal;

import com.google.common.collect.ImmutableList;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.RelNode;
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
 *   <li>expression lineage: where a value comes from does not depend on whether the join pads rows
 *       with nulls, so it is the lineage of the same join taken as inner.
 * </ul>
 *
 * <p>The classes are public only because Calcite's generated dispatch code calls them.
 */
public final class OuterJoinMetadata {

  static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(ImmutableList.of(
      ReflectiveRelMetadataProvider.reflectiveSource(
          new AllPredicates(), BuiltInMetadata.AllPredicates.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(
          new ExpressionLineage(), BuiltInMetadata.ExpressionLineage.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));

  static final JaninoRelMetadataProvider HANDLERS = JaninoRelMetadataProvider.of(PROVIDER);

  private OuterJoinMetadata() {}

  private static Join asInner(Join join, RexNode condition) {
    return join.copy(join.getTraitSet(), condition, join.getLeft(), join.getRight(),
        JoinRelType.INNER, join.isSemiJoinDone());
  }

  /** All predicates, through outer joins. */
  public static final class AllPredicates extends RelMdAllPredicates {
    @Override
    public RelOptPredicateList getAllPredicates(Join join, RelMetadataQuery mq) {
      if (!join.getJoinType().isOuterJoin()) {
        return super.getAllPredicates(join, mq);
      }
      RelNode inner = asInner(join, join.getCluster().getRexBuilder().makeLiteral(true));
      return mq.getAllPredicates(inner);
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
