package io.dataflow.gateway.annotator.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;

/**
 * Which conditions of a filter (or an inner join) bound the rows a query reads from its tables. A condition above a
 * window function or a {@code LIMIT} does not: the window (or the limit) has already looked at rows
 * the condition later drops ({@code SELECT … FROM (SELECT SUM(x) OVER (… 6 PRECEDING) …) WHERE
 * day = ds} reads seven days, not one). A condition Calcite cannot trace to table columns (one on
 * an aggregate's result or a subquery's value) bounds nothing that can be named. Dropping such a
 * condition only ever widens what the analysis takes as read.
 */
final class FilterTrace {

  private FilterTrace() {}

  /** True when rows reaching {@code input}'s output were selected or computed looking at others. */
  static boolean mixesRows(RelNode input) {
    if (input instanceof Window) {
      return true;
    }
    if (input instanceof Sort sort && (sort.fetch != null || sort.offset != null)) {
      return true;
    }
    if (input instanceof Project project && RexOver.containsOver(project.getProjects(), null)) {
      return true;
    }
    for (RelNode child : input.getInputs()) {
      if (mixesRows(child)) {
        return true;
      }
    }
    return false;
  }

  /** The conjuncts of {@code condition} over the row of {@code rel} that Calcite traces to tables. */
  static List<RexNode> traceableConjuncts(RelNode rel, RexNode condition, RelMetadataQuery mq) {
    List<RexNode> traceable = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (mq.getExpressionLineage(rel, conjunct) != null) {
        traceable.add(conjunct);
      }
    }
    return traceable;
  }

  /** True when a filter of {@code rel} stands above a window function or a {@code LIMIT}. */
  static boolean filtersMixedRows(RelNode rel) {
    if (rel instanceof Filter filter && mixesRows(filter.getInput())) {
      return true;
    }
    for (RelNode input : rel.getInputs()) {
      if (filtersMixedRows(input)) {
        return true;
      }
    }
    return false;
  }

  /** True when some condition of a filter or join of {@code rel} is dropped by the predicate analysis. */
  static boolean dropsConditions(RelNode rel, RelMetadataQuery mq) {
    if (rel instanceof Filter filter && (mixesRows(filter.getInput())
        || traceableConjuncts(filter.getInput(), filter.getCondition(), mq).size()
            != RelOptUtil.conjunctions(filter.getCondition()).size())) {
      return true;
    }
    if (rel instanceof Join join && join.getJoinType() == JoinRelType.INNER
        && traceableConjuncts(join, join.getCondition(), mq).size()
            != RelOptUtil.conjunctions(join.getCondition()).size()) {
      return true;
    }
    for (RelNode input : rel.getInputs()) {
      if (dropsConditions(input, mq)) {
        return true;
      }
    }
    return false;
  }
}
