package io.dataflow.gateway.annotator.internal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Calcite's constant reduction (used whenever a plan is built: {@code CAST('3000-01-01' AS DATE)}
 * becomes a {@code DATE} literal) compiles Java code for every expression it reduces, which cost as
 * much as a sixth of an annotation. Task SQL reduces the same few expressions over and over (the
 * template's sentinel dates, casts of the same literals), so each reduction is kept, by the
 * expression and its type, and the compiler runs once per distinct expression. The result is the
 * one Calcite's executor gives; types are shared by all of Calcite's type factories, so a reduced
 * literal is valid in any later plan. Thread-safe.
 */
final class ConstantFolding implements RexExecutor {

  static final ConstantFolding INSTANCE = new ConstantFolding();

  /** Distinct constant expressions kept; enough for the literals of many thousands of tasks. */
  private static final int MAXIMUM = 20_000;

  private final Cache<String, RexNode> reduced = CacheBuilder.newBuilder().maximumSize(MAXIMUM).build();

  private ConstantFolding() {}

  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    for (RexNode expression : constExps) {
      String key = expression + " : " + expression.getType().getFullTypeString();
      RexNode value = reduced.getIfPresent(key);
      if (value == null) {
        List<RexNode> one = new ArrayList<>(1);
        RexUtil.EXECUTOR.reduce(rexBuilder, List.of(expression), one);
        value = one.getFirst();
        reduced.put(key, value);
      }
      reducedValues.add(value);
    }
  }
}
