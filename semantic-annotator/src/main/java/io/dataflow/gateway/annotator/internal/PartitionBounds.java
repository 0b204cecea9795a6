package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexTableInputRef;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * The partitions of one table reference a query reads, relative to the logical date, from the
 * conjuncts on its partition column. A conjunct not understood is ignored, which only widens.
 */
final class PartitionBounds {

  private final String column;
  private final PartitionUnit unit;
  private final long minutesPerUnit;
  private Long lower;
  private Long upper;
  private TreeSet<Long> points;
  private final List<String> predicates = new ArrayList<>();

  PartitionBounds(String column, PartitionUnit unit) {
    this.column = column;
    this.unit = unit;
    this.minutesPerUnit = unit == PartitionUnit.HOUR ? 60 : 24 * 60;
  }

  PartitionUnit unit() {
    return unit;
  }

  /** The partition column bounded. */
  String column() {
    return column;
  }

  List<String> predicates() {
    return List.copyOf(predicates);
  }

  /** Reads one conjunct whose only column is this partition column. */
  void add(RexNode conjunct, RexBuilder rexBuilder) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, conjunct);
    if (expanded.getKind() == SqlKind.AND) {
      for (RexNode operand : ((RexCall) expanded).getOperands()) {
        add(operand, rexBuilder);
      }
      return;
    }
    if (expanded.getKind() == SqlKind.OR) {
      TreeSet<Long> set = new TreeSet<>();
      for (RexNode operand : ((RexCall) expanded).getOperands()) {
        Optional<Long> point = equality(operand);
        if (point.isEmpty()) {
          return;
        }
        set.add(point.get());
      }
      intersectPoints(set);
      predicates.add(column + " IN " + set.stream().map(this::render).toList());
      return;
    }
    Optional<Long> point = equality(expanded);
    if (point.isPresent()) {
      intersectPoints(new TreeSet<>(List.of(point.get())));
      predicates.add(column + " = " + render(point.get()));
      return;
    }
    comparison(expanded);
  }

  private Optional<Long> equality(RexNode node) {
    if (node.getKind() != SqlKind.EQUALS) {
      return Optional.empty();
    }
    Optional<Side> side = side((RexCall) node);
    return side.flatMap(s -> s.minutes % minutesPerUnit == 0
        ? Optional.of(s.minutes / minutesPerUnit) : Optional.empty());
  }

  private record Side(long minutes, boolean columnOnLeft) {}

  private static Optional<Side> side(RexCall call) {
    if (call.getOperands().size() != 2) {
      return Optional.empty();
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    if (isColumn(left)) {
      return RelativeTime.minutesFromLogicalDate(right).map(m -> new Side(m, true));
    }
    if (isColumn(right)) {
      return RelativeTime.minutesFromLogicalDate(left).map(m -> new Side(m, false));
    }
    return Optional.empty();
  }

  private static boolean isColumn(RexNode node) {
    if (node instanceof RexTableInputRef) {
      return true;
    }
    return node.getKind() == SqlKind.CAST
        && ((RexCall) node).getOperands().getFirst() instanceof RexTableInputRef;
  }

  private void comparison(RexNode node) {
    SqlKind kind = node.getKind();
    if (!(node instanceof RexCall call) || !SqlKind.COMPARISON.contains(kind)) {
      return;
    }
    Optional<Side> side = side(call);
    if (side.isEmpty()) {
      return;
    }
    SqlKind normalized = side.get().columnOnLeft() ? kind : kind.reverse();
    long m = side.get().minutes();
    switch (normalized) {
      case GREATER_THAN_OR_EQUAL -> {
        setLower(Math.floorDiv(m + minutesPerUnit - 1, minutesPerUnit));
        predicates.add(column + " >= " + renderMinutes(m));
      }
      case GREATER_THAN -> {
        setLower(Math.floorDiv(m, minutesPerUnit) + 1);
        predicates.add(column + " > " + renderMinutes(m));
      }
      case LESS_THAN_OR_EQUAL -> {
        setUpper(Math.floorDiv(m, minutesPerUnit));
        predicates.add(column + " <= " + renderMinutes(m));
      }
      case LESS_THAN -> {
        setUpper(Math.floorDiv(m + minutesPerUnit - 1, minutesPerUnit) - 1);
        predicates.add(column + " < " + renderMinutes(m));
      }
      default -> { }
    }
  }

  private void setLower(long value) {
    lower = lower == null ? value : Math.max(lower, value);
  }

  private void setUpper(long value) {
    upper = upper == null ? value : Math.min(upper, value);
  }

  private void intersectPoints(TreeSet<Long> set) {
    if (points == null) {
      points = set;
    } else {
      points.retainAll(set);
    }
  }

  /**
   * The offsets read, in {@link #unit()}s from the logical date's partition; empty when every
   * partition may be read.
   */
  Optional<TreeSet<Long>> offsets() {
    if (points != null) {
      TreeSet<Long> result = new TreeSet<>(points);
      result.removeIf(p -> lower != null && p < lower || upper != null && p > upper);
      return Optional.of(result);
    }
    if (lower != null && upper != null) {
      TreeSet<Long> result = new TreeSet<>();
      for (long k = lower; k <= upper && result.size() <= 10_000; k++) {
        result.add(k);
      }
      return Optional.of(result);
    }
    return Optional.empty();
  }

  private String render(long offset) {
    return Offsets.render(offset, unit);
  }

  private String renderMinutes(long minutes) {
    if (minutes % minutesPerUnit == 0) {
      return render(minutes / minutesPerUnit);
    }
    return Offsets.render(minutes, null);
  }
}
