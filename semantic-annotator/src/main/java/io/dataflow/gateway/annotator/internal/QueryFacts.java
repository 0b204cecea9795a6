package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.ColumnLineage;
import io.dataflow.gateway.annotator.ColumnRef;
import io.dataflow.gateway.annotator.LineageKind;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexTableInputRef;
import org.apache.calcite.rex.RexTableInputRef.RelTableRef;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;

/**
 * The facts of one planned query, all read through Calcite's metadata API: the table references
 * ({@code getTableReferences}), the predicates on each ({@code getAllPredicates}), where each output
 * column comes from ({@code getColumnOrigins}, {@code getExpressionLineage}); plus the constructs
 * that make a task's result not a function of its input partitions (non-deterministic functions,
 * {@code LIMIT} without order).
 */
final class QueryFacts {

  /** One reference to a table in the query (a table joined with itself is referenced twice). */
  record Scan(
      RelTableRef ref,
      TableName table,
      Optional<TableSchema> schema,
      Optional<Integer> partitionColumnIndex,
      Optional<PartitionBounds> bounds) {}

  /** Where the output's partition value comes from. */
  sealed interface OutputPartition {
    /** A value relative to the logical date ({@code DATE '{{ ds }}' AS day}). */
    record Fixed(long offset) implements OutputPartition {}

    /** The partition column of one or more scans (several through UNION), passed through. */
    record FollowsScan(Set<RelTableRef> scans) implements OutputPartition {}

    /** The partition column of one or more scans truncated to a coarser unit. */
    record TruncatesScan(Set<RelTableRef> scans, PartitionUnit unit) implements OutputPartition {}

    /**
     * The logical date truncated to a unit coarser than a day
     * ({@code date_trunc('month', DATE '{{ ds }}') AS month}): every run within one such span
     * writes the same partition.
     */
    record TruncatesLogicalDate(LogicalDateExpression value, PartitionUnit unit)
        implements OutputPartition {}

    /** Anything else. */
    record Unknown(String why) implements OutputPartition {}
  }

  private final RelNode rel;
  private final RelMetadataQuery mq;
  private final Map<RelTableRef, Scan> scans = new LinkedHashMap<>();
  private final List<String> opaqueReasons = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  /** Per scan, the bounds of the rows returned, when they differ from the rows read. */
  private final Map<RelTableRef, PartitionBounds> keptRowBounds = new LinkedHashMap<>();
  private boolean windowFunctions;
  private boolean otherPredicates;
  private boolean droppedConditions;

  QueryFacts(RelNode rel) {
    this.rel = rel;
    this.mq = rel.getCluster().getMetadataQuery();
    readScans();
    readPredicates();
    readNonDeterminism();
  }

  List<Scan> scans() {
    return List.copyOf(scans.values());
  }

  List<String> opaqueReasons() {
    return List.copyOf(opaqueReasons);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * True when the query uses window functions ({@code OVER}), whose rows may see other partitions
   * of the same scan: then passing a partition column through is not a row-wise map.
   */
  boolean hasWindowFunctions() {
    return windowFunctions;
  }

  /** True when some predicate is on anything but one partition column (or could not be read). */
  boolean hasOtherPredicates() {
    return otherPredicates;
  }

  int columnCount() {
    return rel.getRowType().getFieldCount();
  }

  List<String> columnNames() {
    return rel.getRowType().getFieldNames();
  }

  private void readScans() {
    Set<RelTableRef> refs = mq.getTableReferences(rel);
    if (refs == null) {
      notes.add("Calcite could not list the table references; every input is read whole");
      int entity = 0;
      for (RelOptTable table : RelOptUtil.findAllTables(rel)) {
        RelTableRef ref = RelTableRef.of(table, entity++);
        scans.put(ref, scan(ref, false));
      }
      return;
    }
    refs.stream()
        .sorted(Comparator.comparing((RelTableRef r) -> String.join(".", r.getQualifiedName()))
            .thenComparingInt(RelTableRef::getEntityNumber))
        .forEach(ref -> scans.put(ref, scan(ref, true)));
  }

  private Scan scan(RelTableRef ref, boolean withBounds) {
    TableName name = new TableName(ref.getQualifiedName());
    Optional<TableSchema> schema = Optional.ofNullable(
        ref.getTable().unwrap(ProviderSchema.SchemaTable.class)).map(ProviderSchema.SchemaTable::schema);
    Optional<Integer> partitionIndex = Optional.empty();
    Optional<PartitionBounds> bounds = Optional.empty();
    if (schema.isPresent()) {
      Optional<ColumnSchema> partition = temporalPartitionColumn(schema.get());
      if (partition.isPresent()) {
        partitionIndex = Optional.of(schema.get().columns().indexOf(partition.get()));
        if (withBounds) {
          bounds = Optional.of(new PartitionBounds(partition.get().name(), unitOf(partition.get())));
        }
      }
    }
    return new Scan(ref, name, schema, partitionIndex, bounds);
  }

  /** The first partition column of type DATE or TIMESTAMP: the one dependencies are about. */
  static Optional<ColumnSchema> temporalPartitionColumn(TableSchema schema) {
    return schema.partitionColumns().stream()
        .map(c -> schema.column(c).orElseThrow())
        .filter(c -> c.type().startsWith("DATE") || c.type().startsWith("TIMESTAMP"))
        .findFirst();
  }

  static PartitionUnit unitOf(ColumnSchema column) {
    return column.type().startsWith("TIMESTAMP") ? PartitionUnit.HOUR : PartitionUnit.DAY;
  }

  private void readPredicates() {
    RelOptPredicateList predicates = mq.getAllPredicates(rel);
    if (predicates == null) {
      notes.add("Calcite could not trace predicates through this query; every partitioned input"
          + " is taken as read whole");
      otherPredicates = true;
      scans.replaceAll((ref, scan) -> new Scan(scan.ref(), scan.table(), scan.schema(),
          scan.partitionColumnIndex(), Optional.empty()));
      return;
    }
    if (FilterTrace.dropsConditions(rel, mq)) {
      otherPredicates = true;
      droppedConditions = true;
    }
    Map<RelTableRef, PartitionBounds> read = new LinkedHashMap<>();
    scans.forEach((ref, scan) -> scan.bounds().ifPresent(b -> read.put(ref, b)));
    if (!addBounds(predicates, read)) {
      otherPredicates = true;
    }
    if (FilterTrace.filtersMixedRows(rel)) {
      RelOptPredicateList kept =
          new RelMetadataQuery(OuterJoinMetadata.KEPT_ROWS_HANDLERS).getAllPredicates(rel);
      if (kept != null) {
        scans.forEach((ref, scan) -> scan.bounds().ifPresent(
            b -> keptRowBounds.put(ref, new PartitionBounds(b.column(), b.unit()))));
        addBounds(kept, keptRowBounds);
      }
    }
  }

  /**
   * Adds each conjunct on one scan's partition column to that scan's bounds; false when some
   * conjunct is on anything else.
   */
  private boolean addBounds(RelOptPredicateList predicates, Map<RelTableRef, PartitionBounds> bounds) {
    boolean onlyPartitionColumns = true;
    for (RexNode predicate : predicates.pulledUpPredicates) {
      for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
        Set<RexTableInputRef> columns = tableColumns(conjunct);
        if (columns.size() != 1) {
          onlyPartitionColumns = false;
          if (mentionsLogicalDate(conjunct)) {
            // bounds a partition column by the logical date together with another column
            for (RexTableInputRef column : columns) {
              Scan scan = scans.get(column.getTableRef());
              PartitionBounds scanBounds = bounds.get(column.getTableRef());
              if (scan != null && scanBounds != null
                  && scan.partitionColumnIndex().orElse(-1) == column.getIndex()) {
                scanBounds.notUnderstood(conjunct);
              }
            }
          }
          continue;
        }
        RexTableInputRef column = columns.iterator().next();
        Scan scan = scans.get(column.getTableRef());
        PartitionBounds scanBounds = bounds.get(column.getTableRef());
        if (scan != null && scanBounds != null
            && scan.partitionColumnIndex().orElse(-1) == column.getIndex()) {
          scanBounds.add(conjunct, rel.getCluster().getRexBuilder());
        } else {
          onlyPartitionColumns = false;
        }
      }
    }
    return onlyPartitionColumns;
  }

  /**
   * True when some condition of a filter or join was left out of the predicates read (one on an
   * aggregate's or a subquery's value, or above a window function or a {@code LIMIT}): what the
   * query reads is then known only as a superset.
   */
  boolean dropsConditions() {
    return droppedConditions;
  }

  private static boolean mentionsLogicalDate(RexNode node) {
    boolean[] found = {false};
    node.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitLiteral(org.apache.calcite.rex.RexLiteral literal) {
        if (RelativeTime.minutesFromLogicalDate(literal).isPresent()) {
          found[0] = true;
        }
        return null;
      }
    });
    return found[0];
  }

  /**
   * The partitions of {@code scan} that the rows the query returns can come from, relative to the
   * logical date; empty when any. Narrower than what the scan reads when a condition above a window
   * function selects among the rows the window looked at.
   */
  Optional<TreeSet<Long>> returnedOffsets(Scan scan) {
    PartitionBounds kept = keptRowBounds.get(scan.ref());
    return kept != null ? kept.offsets() : scan.bounds().flatMap(PartitionBounds::offsets);
  }

  /**
   * The bounds of the rows of {@code scan} that the query returns: narrower than what it reads
   * when a condition above a window function selects among the rows the window looked at.
   */
  Optional<PartitionBounds> returnedBounds(Scan scan) {
    PartitionBounds kept = keptRowBounds.get(scan.ref());
    return kept != null ? Optional.of(kept) : scan.bounds();
  }

  private static Set<RexTableInputRef> tableColumns(RexNode node) {
    Set<RexTableInputRef> refs = new HashSet<>();
    node.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitTableInputRef(RexTableInputRef ref) {
        refs.add(ref);
        return null;
      }
    });
    return refs;
  }

  private void readNonDeterminism() {
    Set<String> functions = new TreeSet<>();
    boolean[] limitWithoutOrder = {false};
    RexShuttle finder = new RexShuttle() {
      @Override
      public RexNode visitOver(RexOver over) {
        windowFunctions = true;
        return super.visitOver(over);
      }

      @Override
      public RexNode visitCall(RexCall call) {
        if (!call.getOperator().isDeterministic() || call.getOperator().isDynamicFunction()) {
          functions.add(call.getOperator().getName().toLowerCase(java.util.Locale.ROOT) + "()");
        }
        return super.visitCall(call);
      }
    };
    new RelVisitor() {
      @Override
      public void visit(RelNode node, int ordinal, RelNode parent) {
        node.accept(finder);
        if (node instanceof Sort sort && (sort.fetch != null || sort.offset != null)
            && sort.getCollation().getFieldCollations().isEmpty()) {
          limitWithoutOrder[0] = true;
        }
        super.visit(node, ordinal, parent);
      }
    }.go(rel);
    if (!functions.isEmpty()) {
      opaqueReasons.add("calls non-deterministic " + String.join(", ", functions)
          + ": a rerun may give other rows, so no partition can be recomputed on its own");
    }
    if (limitWithoutOrder[0]) {
      opaqueReasons.add("LIMIT without ORDER BY picks arbitrary rows");
    }
  }

  /** Where output column {@code index} takes its partition value from. */
  OutputPartition outputPartition(int index) {
    Set<RexNode> lineage = mq.getExpressionLineage(rel, RexInputRef.of(index, rel.getRowType()));
    if (lineage == null || lineage.isEmpty()) {
      return new OutputPartition.Unknown("Calcite cannot trace output column "
          + rel.getRowType().getFieldNames().get(index) + " to the expressions it comes from");
    }
    Set<RelTableRef> followed = new LinkedHashSet<>();
    for (RexNode expression : lineage) {
      if (expression instanceof RexTableInputRef ref) {
        Scan scan = scans.get(ref.getTableRef());
        if (scan != null && scan.partitionColumnIndex().orElse(-1) == ref.getIndex()) {
          followed.add(ref.getTableRef());
          continue;
        }
      }
      break;
    }
    if (followed.size() == lineage.size()) {
      return new OutputPartition.FollowsScan(Set.copyOf(followed));
    }
    Set<RelTableRef> truncated = new LinkedHashSet<>();
    Set<PartitionUnit> units = new LinkedHashSet<>();
    for (RexNode expression : lineage) {
      Optional<Truncation> truncation = Truncation.of(expression);
      if (truncation.isPresent() && truncation.get().column() instanceof RexTableInputRef ref) {
        Scan scan = scans.get(ref.getTableRef());
        if (scan != null && scan.partitionColumnIndex().orElse(-1) == ref.getIndex()) {
          truncated.add(ref.getTableRef());
          units.add(truncation.get().unit());
        }
      }
    }
    if (truncated.size() == lineage.size() && units.size() == 1) {
      return new OutputPartition.TruncatesScan(Set.copyOf(truncated), units.iterator().next());
    }
    RexNode expression = lineage.iterator().next();
    Optional<LogicalDateExpression> period = LogicalDateExpression.of(expression)
        .filter(e -> e.truncation().filter(u -> u.isCoarserThan(PartitionUnit.DAY)).isPresent());
    if (lineage.size() == 1 && period.isPresent()) {
      return new OutputPartition.TruncatesLogicalDate(period.get(), period.get().truncation().get());
    }
    Optional<Long> minutes = RelativeTime.minutesFromLogicalDate(expression);
    if (lineage.size() == 1 && minutes.isPresent()) {
      return new OutputPartition.Fixed(minutes.get());
    }
    return new OutputPartition.Unknown("output partition value " + lineage
        + " is not one related to the logical date or to an input's partition column (those"
        + " are: the logical date shifted by days, its week, month or year by date_trunc, an"
        + " input's partition column, and its week, month or year)");
  }

  /** Where each output column comes from, named by {@code names} (the written table's columns). */
  List<ColumnLineage> lineage(List<String> names) {
    List<ColumnLineage> result = new ArrayList<>();
    for (int i = 0; i < columnCount() && i < names.size(); i++) {
      Set<RelColumnOrigin> origins = mq.getColumnOrigins(rel, i);
      Set<RexNode> expressions = mq.getExpressionLineage(rel, RexInputRef.of(i, rel.getRowType()));
      Set<ColumnRef> sources = new LinkedHashSet<>();
      if (origins != null) {
        for (RelColumnOrigin origin : origins) {
          RelOptTable table = origin.getOriginTable();
          sources.add(new ColumnRef(new TableName(table.getQualifiedName()),
              table.getRowType().getFieldNames().get(origin.getOriginColumnOrdinal())));
        }
      }
      result.add(ColumnLineage.of(names.get(i), kind(origins, expressions), sources));
    }
    return result;
  }

  private static LineageKind kind(Set<RelColumnOrigin> origins, Set<RexNode> expressions) {
    if (expressions == null) {
      return origins == null ? LineageKind.UNKNOWN : LineageKind.AGGREGATED;
    }
    LineageKind kind = LineageKind.CONSTANT;
    for (RexNode expression : expressions) {
      LineageKind one;
      if (expression instanceof RexTableInputRef) {
        one = LineageKind.COPIED;
      } else if (RexOver.containsOver(expression)) {
        one = LineageKind.AGGREGATED;
      } else if (RexUtil.gatherTableReferences(List.of(expression)).isEmpty()) {
        one = LineageKind.CONSTANT;
      } else {
        one = LineageKind.TRANSFORMED;
      }
      kind = kind.ordinal() >= one.ordinal() ? kind : one;
    }
    return kind;
  }
}
