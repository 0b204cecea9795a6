package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.AnnotationException.Reason;
import io.dataflow.gateway.annotator.SemanticsClass;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.WriteMode;
import io.dataflow.gateway.annotator.partition.PartitionUnit;
import io.dataflow.gateway.annotator.render.ExecutionRenderer;
import io.dataflow.gateway.annotator.render.OutputScope;
import io.dataflow.gateway.annotator.render.TableMapping;
import io.dataflow.gateway.annotator.render.Transform;
import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Renders partition replacements as one {@code MERGE} (see {@link ExecutionRenderer#replace}) and
 * checksum queries. The task is analyzed first, and rendered only when the analysis proves which
 * output partition each run writes; the query of each run is rendered by
 * {@link TrinoQueryRenderer}, and the statement around it from quoted names and typed literals only.
 */
public final class TrinoExecutionRenderer implements ExecutionRenderer {

  /** The source column that tells marker rows from computed rows; not a name a table may use. */
  static final String OP = "$dataflow_op";

  /**
   * The source column a marker row is matched by: the target rows of one partition (or of the
   * whole table) are joined to exactly one marker through an equality, so Trino joins by hash
   * rather than comparing every target row with every computed row. Computed rows have it NULL and
   * so never match.
   */
  static final String KEY = "$dataflow_key";

  /**
   * Tasks whose analyses are kept. An analysis holds the task's relational plan, tens to hundreds of
   * kilobytes; the tasks rendered again and again are the few a change keeps rerunning.
   */
  private static final int KEPT_ANALYSES = 256;

  private record Key(String sqlTemplate, Dialect dialect) {}

  /**
   * A task's analysis with the answers the schema provider gave for the tables it asked about, and
   * its query parsed for rendering (on first use).
   */
  private record Analyzed(CalciteSemanticAnnotator.Analysis analysis,
      Map<TableName, Optional<TableSchema>> lookups, Supplier<TrinoQueryRenderer.Prepared> query) {}

  private final SchemaProvider schema;
  private final TableMapping tables;
  private final CalciteSemanticAnnotator annotator = new CalciteSemanticAnnotator();
  /**
   * Analyses of recently rendered tasks, reused only while the schema provider gives the same
   * answers for every table the analysis asked about, so a changed table is analyzed again.
   */
  private final Cache<Key, Analyzed> analyses =
      CacheBuilder.newBuilder().maximumSize(KEPT_ANALYSES).build();

  public TrinoExecutionRenderer(SchemaProvider schema, TableMapping tables) {
    this.schema = requireNonNull(schema, "schema is null");
    this.tables = requireNonNull(tables, "tables is null");
  }

  /**
   * What a replacement writes: the runs to union, and the partitions of the scope (none for the
   * whole table).
   *
   * @param staticOffset days from a run's logical date to the day partition it writes, for the
   *     value of a Hive static partition
   */
  private record Plan(List<LocalDate> logicalDates, Optional<String> partitionColumn,
      Optional<Range> range, long staticOffset, List<LocalDate> runPartitions) {

    Plan(List<LocalDate> logicalDates, Optional<String> partitionColumn, Optional<Range> range,
        long staticOffset) {
      this(logicalDates, partitionColumn, range, staticOffset, List.of());
    }
  }

  /**
   * Partitions from {@code first} to {@code last} (Trino literals), one every {@code step}; marker
   * rows are generated as {@code alias (column)}.
   */
  private record Range(String first, String last, String step, String alias, String column) {
    boolean single() {
      return first.equals(last);
    }

    String between(String expression) {
      return single() ? expression + " = " + first
          : expression + " BETWEEN " + first + " AND " + last;
    }
  }

  @Override
  public String replace(Transform transform, OutputScope scope) {
    requireNonNull(transform, "transform is null");
    requireNonNull(scope, "scope is null");
    Analyzed analyzed = analyzed(transform);
    CalciteSemanticAnnotator.Analysis analysis = analyzed.analysis();
    TaskAnnotation annotation = analysis.annotation();
    if (annotation.semantics() == SemanticsClass.OPAQUE) {
      throw refused("the task is OPAQUE (" + annotation.reason() + ")");
    }
    TableName target = analysis.shape().target()
        .orElseThrow(() -> refused("the task writes no table"));
    TableSchema targetSchema = analysis.targetSchema().orElseThrow(
        () -> refused("the schema provider does not know the output table " + target));
    OutputPartitioning partitioning = analysis.partitioning().orElseThrow(
        () -> refused("the task was not resolved against the schema"));
    WriteMode mode = analysis.shape().writeMode().orElseThrow();
    Plan plan = switch (scope) {
      case OutputScope.Days days when partitioning.coarsenedTo().isPresent() ->
          coarsePlan(days, mode, targetSchema, partitioning, analysis.facts().orElseThrow());
      case OutputScope.Days days -> dayPlan(days, mode, targetSchema, partitioning);
      case OutputScope.Hours hours -> hourPlan(hours, mode, targetSchema, partitioning);
      case OutputScope.WholeTable whole -> wholePlan(whole, mode, target);
    };
    List<String> columns = analysis.columns();
    int computed = analysis.plan().orElseThrow().getRowType().getFieldCount();
    if (columns.size() != computed) {
      throw refused("the query computes " + computed + " columns for the " + columns.size()
          + " it writes");
    }
    for (String column : columns) {
      if (targetSchema.column(column).isEmpty()) {
        throw refused("the task writes column " + column + ", which " + target + " does not have");
      }
    }
    if (targetSchema.column(OP).isPresent() || targetSchema.column(KEY).isPresent()) {
      throw refused(target + " has a column named " + OP + " or " + KEY);
    }
    Optional<String> staticPartition = staticPartition(analysis.shape().staticPartitions(), plan);
    if (staticPartition.isPresent() && scope instanceof OutputScope.Hours) {
      throw refused("a static PARTITION value of " + target + " is rendered for day partitions only");
    }
    return merge(transform, analyzed.query().get(), targetSchema, columns, staticPartition, plan);
  }

  /** {@code transform}'s analysis: the one kept, if the schema answers as it did, else a new one. */
  private Analyzed analyzed(Transform transform) {
    Key key = new Key(transform.sqlTemplate(), transform.dialect());
    Analyzed kept = analyses.getIfPresent(key);
    if (kept != null && SchemaAnswers.stillGivenBy(kept.lookups(), schema)) {
      return kept;
    }
    SchemaAnswers answers = new SchemaAnswers(schema);
    CalciteSemanticAnnotator.Analysis analysis = annotator.analyze(
        transform.sqlTemplate(), transform.dialect(), answers, ChronoUnit.DAYS);
    Analyzed fresh = new Analyzed(analysis, answers.given(), Suppliers.memoize(
        () -> TrinoQueryRenderer.prepare(transform.sqlTemplate(), transform.dialect())));
    analyses.put(key, fresh);
    return fresh;
  }

  private static Plan dayPlan(OutputScope.Days days, WriteMode mode, TableSchema targetSchema,
      OutputPartitioning partitioning) {
    if (mode != WriteMode.APPEND && mode != WriteMode.REPLACE_PARTITIONS) {
      throw refused("the task writes " + targetSchema.name() + " by " + mode
          + (mode == WriteMode.FULL_REPLACE ? ": render the whole table" : "")
          + ", not one partition per run");
    }
    partitioning.unknown().ifPresent(why -> {
      throw refused("the partition it writes is unknown: " + why);
    });
    if (!partitioning.partitioned() || partitioning.unit() != PartitionUnit.DAY
        || partitioning.coarsenedTo().isPresent()
        || partitioning.offsets().map(o -> o.size() != 1).orElse(true)) {
      throw refused("each run of the task does not write exactly one day partition of "
          + targetSchema.name() + " at a fixed offset from the logical date"
          + partitioning.written().map(w -> " (it writes " + w + ")").orElse(""));
    }
    long offset = partitioning.offsets().orElseThrow().first();
    List<LocalDate> dates = days.first().datesUntil(days.last().plusDays(1))
        .map(d -> d.minusDays(offset)).toList();
    String column = QueryFacts.temporalPartitionColumn(targetSchema).orElseThrow().name();
    return new Plan(dates, Optional.of(column), Optional.of(new Range(TrinoSql.date(days.first()),
        TrinoSql.date(days.last()), "INTERVAL '1' DAY", "days", "d")), offset);
  }

  /**
   * The runs that write week, month or year partitions, for a task whose output partition is an
   * input's day partition truncated to that unit ({@code date_trunc('month', day)}). Such a task
   * writes partition {@code M} from the input days of {@code M} only (a coarsening), so {@code M} is
   * written by the run for its last day, restricted to {@code M}'s rows, provided that run reads
   * every input day of {@code M}: each condition on the truncated input's partition column must be
   * one the analysis reads (a comparison with the logical date, or with its truncation) and hold
   * for every day of {@code M}. When the output partition is the logical date truncated instead,
   * the runs of each partition are chosen by {@link PeriodRuns}. The scope must cover whole
   * partitions.
   */
  private static Plan coarsePlan(OutputScope.Days days, WriteMode mode, TableSchema targetSchema,
      OutputPartitioning partitioning, QueryFacts facts) {
    PartitionUnit unit = partitioning.coarsenedTo().orElseThrow();
    String unitName = unit.name().toLowerCase(java.util.Locale.ROOT);
    if (mode != WriteMode.APPEND && mode != WriteMode.REPLACE_PARTITIONS) {
      throw refused("the task writes " + targetSchema.name() + " by " + mode
          + ", not " + unitName + " partitions per run");
    }
    ColumnSchema column = QueryFacts.temporalPartitionColumn(targetSchema).orElseThrow();
    if (QueryFacts.unitOf(column) != PartitionUnit.DAY || !unit.isCoarserThan(PartitionUnit.DAY)) {
      throw refused("the " + unitName + " partitions of " + targetSchema.name()
          + " are not dates of a DATE partition column");
    }
    if (!partitioning.rowWise()) {
      throw refused("a window function lets each " + unitName + " of " + targetSchema.name()
          + " see rows of other " + unitName + "s");
    }
    LocalDate end = days.last().plusDays(1);
    if (!unit.truncate(days.first().atStartOfDay()).toLocalDate().equals(days.first())
        || !unit.truncate(end.atStartOfDay()).toLocalDate().equals(end)) {
      throw refused(targetSchema.name() + " is partitioned by " + unitName + " ("
          + column.name() + " = date_trunc('" + unitName + "', …)): the scope must run from the"
          + " first day of a " + unitName + " to the last day of one, not " + days.first() + " to "
          + days.last());
    }
    List<LocalDate> partitions = new ArrayList<>();
    List<LocalDate> runs = new ArrayList<>();
    if (partitioning.logicalPeriod().isPresent()) {
      for (LocalDate start = days.first(); start.isBefore(end);
          start = LogicalPeriods.next(unit, start)) {
        PeriodRuns period = PeriodRuns.of(partitioning, mode, facts, start);
        period.refusal().ifPresent(why -> {
          throw refused(why);
        });
        for (LocalDate run : period.runs()) {
          partitions.add(start);
          runs.add(run);
        }
      }
      return coarseRangePlan(unit, column, partitions, runs);
    }
    if (facts.dropsConditions()) {
      throw refused("a condition of the query cannot be traced to table columns, so it cannot be"
          + " shown that one run reads every day of a " + unitName);
    }
    for (LocalDate start = days.first(); start.isBefore(end);
        start = unit.plus(start.atStartOfDay(), 1).toLocalDate()) {
      LocalDate last = unit.plus(start.atStartOfDay(), 1).toLocalDate().minusDays(1);
      for (QueryFacts.Scan scan : facts.scans()) {
        if (!partitioning.followedScans().contains(scan.ref())) {
          continue;
        }
        PartitionBounds bounds = scan.bounds().orElseThrow(() -> refused("the partitions "
            + scan.table() + " is read by are unknown"));
        if (!bounds.readsEvery(start, last, last)) {
          throw refused("the run for " + last + ", the last day of the " + unitName + " "
              + start + ", does not read every day of that " + unitName + " from "
              + scan.table() + bounds.notUnderstood()
                  .map(c -> " (a condition on " + bounds.column() + " is not understood: " + c + ")")
                  .orElse(" (it reads " + String.join(" AND ", bounds.predicates()) + ")"));
        }
      }
      partitions.add(start);
      runs.add(last);
    }
    return coarseRangePlan(unit, column, partitions, runs);
  }

  /** Runs each restricted to its partition, and one marker per partition of the scope. */
  private static Plan coarseRangePlan(PartitionUnit unit, ColumnSchema column,
      List<LocalDate> partitions, List<LocalDate> runs) {
    String unitName = unit.name().toLowerCase(java.util.Locale.ROOT);
    String step = switch (unit) {
      case WEEK -> "INTERVAL '7' DAY";
      case MONTH -> "INTERVAL '1' MONTH";
      case YEAR -> "INTERVAL '1' YEAR";
      default -> throw new IllegalStateException("not coarser than a day: " + unit);
    };
    return new Plan(List.copyOf(runs), Optional.of(column.name()), Optional.of(new Range(
        TrinoSql.date(partitions.getFirst()), TrinoSql.date(partitions.getLast()), step,
        unitName + "s", "p")), 0, List.copyOf(partitions));
  }

  /**
   * The runs that write the hours of the scope: each hour must be written by exactly one run (a
   * daily run over its data interval writes hours 0..23 of its day); an hour written by none would
   * be emptied, one written by two would get both runs' rows.
   */
  private static Plan hourPlan(OutputScope.Hours hours, WriteMode mode, TableSchema targetSchema,
      OutputPartitioning partitioning) {
    if (mode != WriteMode.APPEND && mode != WriteMode.REPLACE_PARTITIONS) {
      throw refused("the task writes " + targetSchema.name() + " by " + mode
          + ", not a set of hour partitions per run");
    }
    partitioning.unknown().ifPresent(why -> {
      throw refused("the partition it writes is unknown: " + why);
    });
    if (!partitioning.partitioned() || partitioning.unit() != PartitionUnit.HOUR
        || partitioning.coarsenedTo().isPresent() || partitioning.offsets().isEmpty()) {
      throw refused("each run of the task does not write hour partitions of "
          + targetSchema.name() + " at fixed offsets from the logical date"
          + partitioning.written().map(w -> " (it writes " + w + ")").orElse(""));
    }
    java.util.TreeSet<LocalDate> runs = new java.util.TreeSet<>();
    for (LocalDateTime hour = hours.first(); !hour.isAfter(hours.last()); hour = hour.plusHours(1)) {
      LocalDateTime partition = hour;
      List<LocalDate> writers = partitioning.offsets().get().stream()
          .map(k -> partition.minusHours(k))
          .filter(start -> start.toLocalTime().equals(java.time.LocalTime.MIDNIGHT))
          .map(LocalDateTime::toLocalDate)
          .toList();
      if (writers.size() != 1) {
        throw refused("hour partition " + hour + " of " + targetSchema.name() + " is written by "
            + writers.size() + " daily runs of the task (each writes " + partitioning.written()
                .orElse("its hours") + "); replacing it needs exactly one");
      }
      runs.add(writers.getFirst());
    }
    String column = QueryFacts.temporalPartitionColumn(targetSchema).orElseThrow().name();
    return new Plan(List.copyOf(runs), Optional.of(column), Optional.of(new Range(
        TrinoSql.timestamp(hours.first()), TrinoSql.timestamp(hours.last()), "INTERVAL '1' HOUR",
        "hours", "h")), 0);
  }

  private static Plan wholePlan(OutputScope.WholeTable whole, WriteMode mode, TableName target) {
    if (mode != WriteMode.FULL_REPLACE) {
      throw refused("the task writes " + target + " by " + mode
          + ", so one run does not give the whole table: render its day partitions");
    }
    return new Plan(List.of(whole.logicalDate()), Optional.empty(), Optional.empty(), 0);
  }

  /** The column of a Hive {@code PARTITION (day = '{{ ds }}')}, whose value the rows lack. */
  private static Optional<String> staticPartition(Map<String, String> staticPartitions, Plan plan) {
    Optional<String> found = Optional.empty();
    for (Map.Entry<String, String> entry : staticPartitions.entrySet()) {
      if (entry.getValue().isEmpty()) {
        continue;
      }
      if (plan.partitionColumn().filter(entry.getKey()::equals).isEmpty()) {
        throw refused("static partition value " + entry.getKey() + " = " + entry.getValue()
            + " is not the date partition written");
      }
      found = Optional.of(entry.getKey());
    }
    return found;
  }

  private String merge(Transform transform, TrinoQueryRenderer.Prepared query, TableSchema target,
      List<String> columns, Optional<String> staticPartition, Plan plan) {
    List<String> written = new ArrayList<>(columns);
    staticPartition.ifPresent(written::add);
    String rows = TrinoSql.identifier("rows");
    String key = TrinoSql.identifier(KEY);
    StringBuilder sql = new StringBuilder();
    sql.append("MERGE INTO ").append(TrinoSql.table(tables.map(target.name())))
        .append(" AS ").append(TrinoSql.identifier("target")).append("\nUSING (\n");
    for (int run = 0; run < plan.logicalDates().size(); run++) {
      LocalDate logicalDate = plan.logicalDates().get(run);
      sql.append("  SELECT 'insert' AS ").append(TrinoSql.identifier(OP));
      for (String column : columns) {
        sql.append(", ").append(rows).append('.').append(TrinoSql.identifier(column))
            .append(" AS ").append(TrinoSql.identifier(column));
      }
      staticPartition.ifPresent(column -> sql.append(", ")
          .append(TrinoSql.date(logicalDate.plusDays(plan.staticOffset())))
          .append(" AS ").append(TrinoSql.identifier(column)));
      sql.append(", NULL AS ").append(key).append("\n  FROM (\n")
          .append(query.render(logicalDate, transform.params(), tables).indent(4))
          .append("  ) AS ").append(rows).append(" (").append(TrinoSql.identifiers(columns))
          .append(")\n");
      if (!plan.runPartitions().isEmpty()) {
        // the run writes this partition only: its rows of other partitions may be incomplete
        sql.append("  WHERE ").append(rows).append('.')
            .append(TrinoSql.identifier(plan.partitionColumn().orElseThrow())).append(" = ")
            .append(TrinoSql.date(plan.runPartitions().get(run))).append('\n');
      }
      sql.append("  UNION ALL\n");
    }
    String nulls = ", NULL".repeat(written.size());
    String targetKey;
    if (plan.partitionColumn().isPresent()) {
      // one marker per partition of the scope, keyed by the partition
      Range range = plan.range().orElseThrow();
      targetKey = TrinoSql.qualified("target", plan.partitionColumn().get());
      if (range.single()) {
        sql.append("  SELECT 'delete'").append(nulls).append(", ").append(range.first());
      } else {
        sql.append("  SELECT 'delete'").append(nulls).append(", ")
            .append(TrinoSql.identifier(range.column()))
            .append(" FROM UNNEST(sequence(").append(range.first()).append(", ")
            .append(range.last()).append(", ").append(range.step()).append(")) AS ")
            .append(TrinoSql.identifier(range.alias())).append(" (")
            .append(TrinoSql.identifier(range.column())).append(')');
      }
    } else {
      // every row has (c IS NULL) either TRUE or FALSE: two markers cover the table
      targetKey = "(" + TrinoSql.qualified("target", target.columns().getFirst().name())
          + " IS NULL)";
      sql.append("  SELECT 'delete'").append(nulls).append(", TRUE\n  UNION ALL\n")
          .append("  SELECT 'delete'").append(nulls).append(", FALSE");
    }
    sql.append("\n) AS ").append(TrinoSql.identifier("source")).append('\n');
    sql.append("ON ").append(targetKey).append(" = ").append(TrinoSql.qualified("source", KEY));
    plan.partitionColumn().ifPresent(column -> sql.append(" AND ").append(
        plan.range().orElseThrow().between(TrinoSql.qualified("target", column))));
    sql.append("\nWHEN MATCHED THEN DELETE\nWHEN NOT MATCHED AND ")
        .append(TrinoSql.qualified("source", OP)).append(" = 'insert'");
    plan.partitionColumn().ifPresent(column -> sql.append(" AND ").append(
        plan.range().orElseThrow().between(TrinoSql.qualified("source", column))));
    sql.append("\n  THEN INSERT (").append(TrinoSql.identifiers(written)).append(")\n  VALUES (")
        .append(String.join(", ", written.stream()
            .map(c -> TrinoSql.qualified("source", c)).toList()))
        .append(')');
    return sql.toString();
  }

  @Override
  public String checksum(TableName table, OutputScope scope, OptionalLong snapshotId) {
    requireNonNull(table, "table is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(snapshotId, "snapshotId is null");
    TableSchema tableSchema = schema.table(table).orElseThrow(
        () -> refused("the schema provider does not know " + table));
    Optional<ColumnSchema> partition = QueryFacts.temporalPartitionColumn(tableSchema);
    if (scope instanceof OutputScope.Days
        && partition.map(c -> QueryFacts.unitOf(c) != PartitionUnit.DAY).orElse(true)) {
      throw refused(table + " has no DATE partition column to select day partitions by");
    }
    if (scope instanceof OutputScope.Hours
        && partition.map(c -> QueryFacts.unitOf(c) != PartitionUnit.HOUR).orElse(true)) {
      throw refused(table + " has no TIMESTAMP partition column to select hour partitions by");
    }
    String row = "ROW(" + TrinoSql.identifiers(
        tableSchema.columns().stream().map(ColumnSchema::name).toList()) + ")";
    String partitionColumn = partition.map(c -> TrinoSql.identifier(c.name())).orElse(null);
    StringBuilder sql = new StringBuilder("SELECT ")
        .append(partitionColumn == null ? "CAST(NULL AS DATE)" : partitionColumn)
        .append(" AS \"partition\", count(*) AS \"row_count\", ")
        .append("coalesce(from_big_endian_64(checksum(").append(row).append(")), 0) AS \"checksum\"")
        .append("\nFROM ").append(TrinoSql.table(tables.map(table)));
    snapshotId.ifPresent(id -> sql.append(" FOR VERSION AS OF ").append(id));
    if (scope instanceof OutputScope.Days days) {
      sql.append("\nWHERE ").append(TrinoSql.between(partitionColumn, days.first(), days.last()));
    }
    if (scope instanceof OutputScope.Hours hours) {
      sql.append("\nWHERE ").append(partitionColumn).append(" BETWEEN ")
          .append(TrinoSql.timestamp(hours.first())).append(" AND ")
          .append(TrinoSql.timestamp(hours.last()));
    }
    if (partitionColumn != null) {
      sql.append("\nGROUP BY ").append(partitionColumn).append("\nORDER BY ").append(partitionColumn);
    }
    return sql.toString();
  }

  private static AnnotationException refused(String why) {
    return new AnnotationException(Reason.NOT_RENDERABLE, "Cannot render: " + why, null);
  }
}
