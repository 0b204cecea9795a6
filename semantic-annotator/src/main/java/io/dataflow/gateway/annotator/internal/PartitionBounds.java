package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
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
   * A comparison of the partition column, or of its truncation to a coarser unit, with a function
   * of the logical date: {@code day >= ds - 6}, {@code date_trunc('week', day) =
   * date_trunc('week', ds)}, {@code day < date_trunc('month', ds) + 1 month}.
   *
   * @param kind the comparison, with the column on the left
   * @param text the compared value for people
   */
  private record Comparison(SqlKind kind, Optional<PartitionUnit> columnTruncation,
      LogicalDateExpression value, String text) {

    boolean holds(LocalDateTime partition, LocalDate logicalDate) {
      return holdsAgainst(partition, value.apply(logicalDate));
    }

    boolean holdsAgainst(LocalDateTime partition, LocalDateTime value) {
      LocalDateTime column = columnTruncation.map(u -> u.truncate(partition)).orElse(partition);
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

    /** Days a truncated column lies before the partition it is of, at most. */
    long spanDays() {
      return columnTruncation.map(u -> switch (u) {
        case YEAR -> 366L;
        case MONTH -> 31L;
        case WEEK -> 7L;
        default -> 1L;
      }).orElse(0L);
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
    if (comparisons.size() == 1 && (only.columnTruncation().isPresent()
        || RelativeTime.minutesFromLogicalDate(valueOf(alternatives.getFirst())).isEmpty())) {
      // the forms the offsets above do not read, for people
      predicates.add(only.columnTruncation().map(u -> truncated(u, column)).orElse(column)
          + " " + operator(only.kind()) + " " + only.text());
    }
  }

  /** The side of a comparison that is not the column. */
  private static RexNode valueOf(RexNode comparison) {
    RexCall call = (RexCall) comparison;
    return columnSide(call.getOperands().get(0)).isPresent()
        ? call.getOperands().get(1) : call.getOperands().get(0);
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

  private Optional<Comparison> readComparison(RexNode node) {
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
    Optional<LogicalDateExpression> expression = LogicalDateExpression.of(value);
    if (expression.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Comparison(kind, column.get(), expression.get(), text(value,
        expression.get())));
  }

  /** The value for people: a fixed offset in this column's units, else the expression. */
  private String text(RexNode value, LogicalDateExpression expression) {
    Optional<Long> minutes = RelativeTime.minutesFromLogicalDate(value);
    if (minutes.isPresent()) {
      return renderMinutes(minutes.get());
    }
    return expression.text();
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

  /** Days from {@code first} to {@code last}, both included. */
  record DaySpan(LocalDate first, LocalDate last) {}

  /**
   * The day partitions a run for {@code logicalDate} reads, as spans in order, as far as the
   * conditions read tell (one not read only narrows what is read further); empty when no bound
   * keeps them within a finite span. Each comparison changes its truth only next to the value it
   * compares with (or, for a truncated column, next to the partition bounds around that value), so
   * the conditions are evaluated at those days and at one day of each gap between them; beyond the
   * outermost ones every comparison keeps one truth value, so a conjunction that holds there holds
   * on to infinity.
   */
  Optional<List<DaySpan>> spansRead(LocalDate logicalDate) {
    if (unit != PartitionUnit.DAY || conditions.isEmpty()) {
      return Optional.empty();
    }
    List<List<LocalDateTime>> values = new ArrayList<>();
    TreeSet<LocalDate> breaks = new TreeSet<>();
    LocalDateTime start = logicalDate.atStartOfDay();
    long margin = 2;
    for (Condition condition : conditions) {
      List<LocalDateTime> of = new ArrayList<>();
      for (Comparison comparison : condition.anyOf()) {
        LocalDateTime value = comparison.value().apply(logicalDate);
        of.add(value);
        margin = Math.max(margin, Math.abs(java.time.temporal.ChronoUnit.DAYS.between(start, value))
            + comparison.spanDays() + 2);
        LocalDate day = value.toLocalDate();
        breaks.addAll(List.of(day.minusDays(1), day, day.plusDays(1)));
        if (comparison.columnTruncation().isPresent()) {
          PartitionUnit truncation = comparison.columnTruncation().get();
          LocalDate first = truncation.truncate(value).toLocalDate();
          LocalDate next = truncation.plus(first.atStartOfDay(), 1).toLocalDate();
          breaks.addAll(List.of(first.minusDays(1), first, next.minusDays(1), next));
        }
      }
      values.add(of);
    }
    LocalDate lowest = logicalDate.minusDays(margin);
    LocalDate highest = logicalDate.plusDays(margin);
    if (holdsAll(lowest, values) || holdsAll(highest, values)) {
      return Optional.empty();
    }
    breaks.add(lowest);
    breaks.add(highest);
    List<DaySpan> spans = new ArrayList<>();
    LocalDate open = null;
    LocalDate previous = null;
    for (LocalDate day : breaks.subSet(lowest, true, highest, true)) {
      if (previous != null && previous.plusDays(1).isBefore(day)) {
        // the gap after the previous break has the truth of its first day
        open = extend(spans, open, previous.plusDays(1), day.minusDays(1),
            holdsAll(previous.plusDays(1), values));
      }
      open = extend(spans, open, day, day, holdsAll(day, values));
      previous = day;
    }
    if (open != null) {
      spans.add(new DaySpan(open, previous));
    }
    return Optional.of(spans);
  }

  /** Adds days {@code from}–{@code to} to the span under way, or closes it; the new open start. */
  private static LocalDate extend(List<DaySpan> spans, LocalDate open, LocalDate from, LocalDate to,
      boolean holds) {
    if (holds) {
      return open == null ? from : open;
    }
    if (open != null) {
      spans.add(new DaySpan(open, from.minusDays(1)));
    }
    return null;
  }

  /**
   * The day partitions among {@code candidates} that a run for {@code logicalDate} reads
   * ({@link #spansRead}); empty when they are not bounded.
   */
  Optional<NavigableSet<LocalDate>> daysRead(LocalDate logicalDate, Predicate<LocalDate> candidates) {
    return spansRead(logicalDate).map(spans -> {
      NavigableSet<LocalDate> days = new TreeSet<>();
      for (DaySpan span : spans) {
        for (LocalDate day = span.first(); !day.isAfter(span.last()); day = day.plusDays(1)) {
          if (candidates.test(day)) {
            days.add(day);
          }
        }
      }
      return days;
    });
  }

  private boolean holdsAll(LocalDate day, List<List<LocalDateTime>> values) {
    LocalDateTime partition = day.atStartOfDay();
    for (int i = 0; i < conditions.size(); i++) {
      List<Comparison> anyOf = conditions.get(i).anyOf();
      boolean holds = false;
      for (int j = 0; j < anyOf.size() && !holds; j++) {
        holds = anyOf.get(j).holdsAgainst(partition, values.get(i).get(j));
      }
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  /** The conditions on the column, for people, joined by {@code AND}; "none" when there are none. */
  String describe() {
    return predicates.isEmpty() ? "no condition on " + column : String.join(" AND ", predicates);
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
