package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
  /** Every conjunct, read as a condition on concrete partitions (for rendering). */
  private final List<Condition> conditions = new ArrayList<>();
  /** The first conjunct on the column that is not one of {@link #conditions}, if any. */
  private String notUnderstood;

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
    readCondition(expanded);
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

  /**
   * A comparison of the partition column, or of its truncation to a coarser unit, with a time
   * relative to the logical date, or with that time's truncation: {@code day >= ds - 6},
   * {@code date_trunc('week', day) = date_trunc('week', ds)}, {@code day >= date_trunc('month', ds)}.
   *
   * @param kind the comparison, with the column on the left
   */
  private record Comparison(SqlKind kind, Optional<PartitionUnit> columnTruncation, long minutes,
      Optional<PartitionUnit> valueTruncation) {

    boolean holds(LocalDateTime partition, LocalDate logicalDate) {
      LocalDateTime column = columnTruncation.map(u -> u.truncate(partition)).orElse(partition);
      LocalDateTime value = logicalDate.atStartOfDay().plusMinutes(minutes);
      value = valueTruncation.isPresent() ? valueTruncation.get().truncate(value) : value;
      int c = column.compareTo(value);
      return switch (kind) {
        case EQUALS -> c == 0;
        case NOT_EQUALS -> c != 0;
        case GREATER_THAN -> c > 0;
        case GREATER_THAN_OR_EQUAL -> c >= 0;
        case LESS_THAN -> c < 0;
        case LESS_THAN_OR_EQUAL -> c <= 0;
        default -> throw new IllegalStateException("not a comparison: " + kind);
      };
    }
  }

  /** A conjunct: one comparison, or any of several ({@code OR}, {@code IN}). */
  private record Condition(List<Comparison> anyOf) {
    boolean holds(LocalDateTime partition, LocalDate logicalDate) {
      return anyOf.stream().anyMatch(c -> c.holds(partition, logicalDate));
    }
  }

  private void readCondition(RexNode conjunct) {
    List<RexNode> alternatives = conjunct.getKind() == SqlKind.OR
        ? ((RexCall) conjunct).getOperands() : List.of(conjunct);
    List<Comparison> comparisons = new ArrayList<>();
    for (RexNode alternative : alternatives) {
      Optional<Comparison> comparison = readComparison(alternative);
      if (comparison.isEmpty()) {
        if (notUnderstood == null) {
          notUnderstood = conjunct.toString();
        }
        return;
      }
      comparisons.add(comparison.get());
    }
    conditions.add(new Condition(List.copyOf(comparisons)));
    Comparison only = comparisons.getFirst();
    if (comparisons.size() == 1
        && (only.columnTruncation().isPresent() || only.valueTruncation().isPresent())) {
      // the forms the offsets above do not read, for people
      predicates.add(only.columnTruncation().map(u -> truncated(u, column)).orElse(column)
          + " " + operator(only.kind()) + " "
          + only.valueTruncation().map(u -> truncated(u, renderMinutes(only.minutes())))
              .orElse(renderMinutes(only.minutes())));
    }
  }

  private static String truncated(PartitionUnit unit, String value) {
    return "date_trunc('" + unit.name().toLowerCase(java.util.Locale.ROOT) + "', " + value + ")";
  }

  private static String operator(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> "=";
      case NOT_EQUALS -> "<>";
      case GREATER_THAN -> ">";
      case GREATER_THAN_OR_EQUAL -> ">=";
      case LESS_THAN -> "<";
      default -> "<=";
    };
  }

  private static Optional<Comparison> readComparison(RexNode node) {
    if (!(node instanceof RexCall call) || call.getOperands().size() != 2
        || !COMPARISONS.contains(node.getKind())) {
      return Optional.empty();
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    Optional<Optional<PartitionUnit>> column = columnSide(left);
    SqlKind kind = node.getKind();
    RexNode value = right;
    if (column.isEmpty()) {
      column = columnSide(right);
      kind = kind.reverse();
      value = left;
    }
    if (column.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> minutes = RelativeTime.minutesFromLogicalDate(value);
    Optional<PartitionUnit> valueTruncation = Optional.empty();
    if (minutes.isEmpty()) {
      Optional<Truncation> truncation = Truncation.of(value);
      if (truncation.isEmpty()) {
        return Optional.empty();
      }
      minutes = RelativeTime.minutesFromLogicalDate(truncation.get().column());
      valueTruncation = Optional.of(truncation.get().unit());
      if (minutes.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new Comparison(kind, column.get(), minutes.get(), valueTruncation));
  }

  private static final java.util.Set<SqlKind> COMPARISONS = java.util.EnumSet.of(SqlKind.EQUALS,
      SqlKind.NOT_EQUALS, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL);

  /** The column itself (no truncation), the column truncated to a unit, or empty if neither. */
  private static Optional<Optional<PartitionUnit>> columnSide(RexNode node) {
    if (isColumn(node)) {
      return Optional.of(Optional.empty());
    }
    return Truncation.of(node).filter(t -> isColumn(t.column()))
        .map(t -> Optional.of(t.unit()));
  }

  /** Marks the column as bounded by a condition this analysis does not read. */
  void notUnderstood(RexNode conjunct) {
    if (notUnderstood == null) {
      notUnderstood = conjunct.toString();
    }
  }

  /**
   * True when a run for {@code logicalDate} reads every day partition from {@code first} to
   * {@code last}: every conjunct on the column was read, and each holds for each of those days.
   * Only for day partitions (a condition may select part of an hour).
   */
  boolean readsEvery(LocalDate first, LocalDate last, LocalDate logicalDate) {
    if (notUnderstood != null || unit != PartitionUnit.DAY) {
      return false;
    }
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      LocalDateTime partition = day.atStartOfDay();
      for (Condition condition : conditions) {
        if (!condition.holds(partition, logicalDate)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The first condition on the column this analysis does not read, if any. */
  Optional<String> notUnderstood() {
    return Optional.ofNullable(notUnderstood);
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
