package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rex.RexTableInputRef.RelTableRef;

/**
 * Which partitions of its output a task writes, relative to the logical date.
 *
 * @param partitioned true when the output has a date or timestamp partition column
 * @param unit the unit of that column's partitions
 * @param offsets the partitions written, in units from the logical date, when known
 * @param followedScans the input references whose partition column the output passes through
 * @param rowWise true when an output partition that follows a scan sees only the same partition of
 *     it (no window function can look at other rows)
 * @param unknown why the written partitions are unknown, when they are
 * @param coarsenedTo the unit of the partitions written when they are coarser than the partitions
 *     read: the unit the followed scans' partitions are truncated to, or the unit the logical date
 *     is truncated to
 * @param logicalPeriod the partition written, as the logical date truncated to a coarser unit,
 *     when that is what the query writes ({@code date_trunc('month', DATE '{{ ds }}') AS month})
 */
record OutputPartitioning(
    boolean partitioned,
    PartitionUnit unit,
    Optional<TreeSet<Long>> offsets,
    Set<RelTableRef> followedScans,
    boolean rowWise,
    Optional<String> unknown,
    Optional<PartitionUnit> coarsenedTo,
    Optional<LogicalDateExpression> logicalPeriod) {

  OutputPartitioning(boolean partitioned, PartitionUnit unit, Optional<TreeSet<Long>> offsets,
      Set<RelTableRef> followedScans, boolean rowWise, Optional<String> unknown,
      Optional<PartitionUnit> coarsenedTo) {
    this(partitioned, unit, offsets, followedScans, rowWise, unknown, coarsenedTo, Optional.empty());
  }

  static OutputPartitioning of(TaskShape shape, Optional<TableSchema> targetSchema,
      QueryFacts facts, List<String> columns) {
    if (shape.target().isEmpty()) {
      return new OutputPartitioning(false, PartitionUnit.DAY, Optional.empty(), Set.of(),
          true, Optional.empty(), Optional.empty());
    }
    if (targetSchema.isEmpty()) {
      return unknown("the schema provider does not know the output table "
          + shape.target().get() + ", so its partitioning is unknown");
    }
    Optional<ColumnSchema> column = QueryFacts.temporalPartitionColumn(targetSchema.get());
    if (column.isEmpty()) {
      return new OutputPartitioning(false, PartitionUnit.DAY, Optional.empty(), Set.of(),
          true, Optional.empty(), Optional.empty());
    }
    PartitionUnit unit = QueryFacts.unitOf(column.get());
    long minutesPerUnit = unit == PartitionUnit.HOUR ? 60 : 24 * 60;
    String name = column.get().name();
    if (!shape.staticPartitions().getOrDefault(name, "").isEmpty()) {
      return staticPartition(shape.staticPartitions().get(name), unit);
    }
    int index = columns.indexOf(name);
    if (index < 0 || index >= facts.columnCount()) {
      return unknown("the query gives no value for partition column " + name);
    }
    return switch (facts.outputPartition(index)) {
      case QueryFacts.OutputPartition.Fixed fixed when fixed.offset() % minutesPerUnit == 0 ->
          new OutputPartitioning(true, unit,
              Optional.of(new TreeSet<>(List.of(fixed.offset() / minutesPerUnit))),
              Set.of(), true, Optional.empty(), Optional.empty());
      case QueryFacts.OutputPartition.Fixed fixed ->
          unknown("partition column " + name + " gets a value within a partition");
      case QueryFacts.OutputPartition.FollowsScan follows -> new OutputPartitioning(true, unit,
          readOffsets(facts, follows.scans()), follows.scans(), !facts.hasWindowFunctions(),
          Optional.empty(), Optional.empty());
      case QueryFacts.OutputPartition.TruncatesScan truncates -> new OutputPartitioning(true,
          truncates.unit(), Optional.empty(), truncates.scans(), !facts.hasWindowFunctions(),
          Optional.empty(), Optional.of(truncates.unit()));
      case QueryFacts.OutputPartition.TruncatesLogicalDate period -> new OutputPartitioning(true,
          period.unit(), Optional.empty(), Set.of(), true, Optional.empty(),
          Optional.of(period.unit()), Optional.of(period.value()));
      case QueryFacts.OutputPartition.Unknown why -> unknown(why.why());
    };
  }

  private static OutputPartitioning staticPartition(String value, PartitionUnit unit) {
    String text = value.replaceFirst("(?i)^(DATE|TIMESTAMP)\\s*", "").replace("'", "").strip();
    try {
      LocalDate date = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
      if (io.dataflow.gateway.annotator.template.TemplateExpansion.isRelative(date)) {
        long days = ChronoUnit.DAYS.between(
            io.dataflow.gateway.annotator.template.TemplateExpansion.SENTINEL_LOGICAL_DATE, date);
        long offset = unit == PartitionUnit.HOUR ? days * 24 : days;
        return new OutputPartitioning(true, unit, Optional.of(new TreeSet<>(List.of(offset))),
            Set.of(), true, Optional.empty(), Optional.empty());
      }
    } catch (java.time.format.DateTimeParseException e) {
      // falls through: not a date relative to the logical date
    }
    return unknown("static partition value " + value + " is not relative to the logical date");
  }

  private static OutputPartitioning unknown(String why) {
    return new OutputPartitioning(true, PartitionUnit.DAY, Optional.empty(), Set.of(), true,
        Optional.of(why), Optional.empty());
  }

  /**
   * The union of the partitions the rows returned from the scans lie in; empty when one of them
   * may return any.
   */
  private static Optional<TreeSet<Long>> readOffsets(QueryFacts facts, Set<RelTableRef> scans) {
    TreeSet<Long> union = new TreeSet<>();
    for (QueryFacts.Scan scan : facts.scans()) {
      if (scans.contains(scan.ref())) {
        Optional<TreeSet<Long>> read = facts.returnedOffsets(scan);
        if (read.isEmpty()) {
          return Optional.empty();
        }
        union.addAll(read.get());
      }
    }
    return Optional.of(union);
  }

  /** The unit of the partitions {@link #written} describes, when it describes any. */
  Optional<PartitionUnit> writtenUnit() {
    return coarsenedTo.isPresent() ? coarsenedTo : offsets.map(set -> unit);
  }

  /** The partitions written, for people: {@code ds}. */
  Optional<String> written() {
    if (logicalPeriod.isPresent()) {
      return Optional.of(logicalPeriod.get().text());
    }
    if (coarsenedTo.isPresent()) {
      return Optional.of("the " + coarsenedTo.get().name().toLowerCase(java.util.Locale.ROOT)
          + "s of the partitions read");
    }
    return offsets.map(set -> set.size() == 1
        ? Offsets.render(set.first(), unit)
        : String.join(", ", set.stream().map(k -> Offsets.render(k, unit)).toList()));
  }
}
