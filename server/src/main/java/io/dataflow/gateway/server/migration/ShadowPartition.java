package io.dataflow.gateway.server.migration;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.schema.ColumnSchema;
import io.dataflow.gateway.annotator.schema.TableSchema;
import io.dataflow.gateway.catalog.events.PartitionFieldValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compared partition of a shadowed table and the rows it holds, named by its key in the shadow
 * report:
 *
 * <ul>
 *   <li>{@code 2024-01-10}: a day of the table's {@code DATE} identity partition column;
 *   <li>{@code day(event_time)=2024-01-10}, {@code month(event_time)=2024-01}, {@code
 *       hour(event_time)=2024-01-10-07}, {@code year(event_time)=2024}: a period of an Iceberg time
 *       transform of a {@code DATE} or {@code TIMESTAMP} column, written as Trino's {@code partitioning}
 *       property writes the transform and as Iceberg prints the value (hours in UTC);
 *   <li>{@value #WHOLE_TABLE}: the whole table, for a table without partitions or partitioned by
 *       nothing that is a time (a bucket, a region).
 * </ul>
 *
 * @param key the partition's key
 * @param range the rows of the partition; empty for the whole table
 */
record ShadowPartition(String key, Optional<Range> range) {

  /** The key of the whole table. */
  static final String WHOLE_TABLE = "(unpartitioned)";

  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TRANSFORMED = Pattern.compile("(hour|day|month|year)\\((.+)\\)=(.+)");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  ShadowPartition {
    requireNonNull(key, "key is null");
    requireNonNull(range, "range is null");
  }

  /** The period of a time transform. */
  enum Unit {
    HOUR, DAY, MONTH, YEAR;

    LocalDateTime next(LocalDateTime start) {
      return switch (this) {
        case HOUR -> start.plusHours(1);
        case DAY -> start.plusDays(1);
        case MONTH -> start.plusMonths(1);
        case YEAR -> start.plusYears(1);
      };
    }
  }

  /**
   * The rows whose {@code column} lies in {@code [start, start + unit)}.
   *
   * @param identity whether the column is the {@code DATE} partition column itself (compared by equality)
   */
  record Range(String column, Unit unit, LocalDateTime start, boolean identity) {
    Range {
      requireNonNull(column, "column is null");
      requireNonNull(unit, "unit is null");
      requireNonNull(start, "start is null");
      if (identity && unit != Unit.DAY) {
        throw new IllegalArgumentException("An identity partition is a day, not a " + unit);
      }
    }
  }

  static ShadowPartition wholeTable() {
    return new ShadowPartition(WHOLE_TABLE, Optional.empty());
  }

  /**
   * The partition a changed partition of a snapshot event falls in: its first field that is a day of
   * the given {@code DATE} identity column or a time transform; empty when it has none.
   */
  static Optional<ShadowPartition> of(List<PartitionFieldValue> values, Optional<String> dayColumn) {
    for (PartitionFieldValue v : values) {
      if (v.value().isEmpty()) {
        continue;
      }
      Object value = v.value().get();
      String column = v.sourceColumn().toLowerCase(Locale.ROOT);
      Optional<ShadowPartition> found = switch (v.transform()) {
        case "identity" -> dayColumn.filter(column::equalsIgnoreCase).filter(c -> value instanceof LocalDate)
            .map(c -> new ShadowPartition(value.toString(), Optional.of(new Range(c, Unit.DAY, ((LocalDate) value).atStartOfDay(), true))));
        case "day" -> value instanceof LocalDate d ? Optional.of(transformed(Unit.DAY, column, d.atStartOfDay())) : Optional.empty();
        case "month" -> value instanceof YearMonth m ? Optional.of(transformed(Unit.MONTH, column, m.atDay(1).atStartOfDay()))
            : Optional.empty();
        case "year" -> value instanceof Year y ? Optional.of(transformed(Unit.YEAR, column, y.atDay(1).atStartOfDay())) : Optional.empty();
        case "hour" -> value instanceof LocalDateTime t ? Optional.of(transformed(Unit.HOUR, column, t)) : Optional.empty();
        default -> Optional.empty();
      };
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static ShadowPartition transformed(Unit unit, String column, LocalDateTime start) {
    String value = switch (unit) {
      case HOUR -> HOUR.format(start);
      case DAY -> start.toLocalDate().toString();
      case MONTH -> YearMonth.from(start).toString();
      case YEAR -> String.valueOf(start.getYear());
    };
    return new ShadowPartition(unit.name().toLowerCase(Locale.ROOT) + "(" + column + ")=" + value,
        Optional.of(new Range(column, unit, start, false)));
  }

  /**
   * The partition a key names, for the table of {@code schema}.
   *
   * @throws IllegalArgumentException for a key this class does not write, or one whose column the table
   *     no longer has as its {@code DATE} partition column or as a column at all
   */
  static ShadowPartition parse(String key, TableSchema schema) {
    requireNonNull(key, "key is null");
    if (key.equals(WHOLE_TABLE)) {
      return wholeTable();
    }
    if (DAY.matcher(key).matches()) {
      String column = ShadowComparator.dayColumn(schema).orElseThrow(() -> new IllegalArgumentException(
          "table " + schema.name() + " is no longer partitioned by a DATE column, so partition " + key + " cannot be read"));
      return new ShadowPartition(key, Optional.of(new Range(column, Unit.DAY, LocalDate.parse(key).atStartOfDay(), true)));
    }
    Matcher m = TRANSFORMED.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException("Invalid shadow partition '" + key + "': expected a day (2024-01-10), " + WHOLE_TABLE
          + " or a time transform such as month(event_time)=2024-01");
    }
    Unit unit = Unit.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    String column = m.group(2);
    if (schema.column(column).isEmpty()) {
      throw new IllegalArgumentException("table " + schema.name() + " has no column " + column + " any more, so partition " + key
          + " cannot be read");
    }
    String value = m.group(3);
    LocalDateTime start = switch (unit) {
      case HOUR -> LocalDateTime.parse(value, HOUR);
      case DAY -> LocalDate.parse(value).atStartOfDay();
      case MONTH -> YearMonth.parse(value).atDay(1).atStartOfDay();
      case YEAR -> Year.parse(value).atDay(1).atStartOfDay();
    };
    return new ShadowPartition(key, Optional.of(new Range(column, unit, start, false)));
  }

  /**
   * The predicate that keeps the partition's rows of a table of {@code schema}, its values as {@code ?}
   * in the order of {@link #parameters}; empty for the whole table.
   *
   * @throws IllegalArgumentException if the partition's column is not a {@code DATE} or {@code TIMESTAMP}
   */
  Optional<String> predicate(TableSchema schema) {
    return range.map(r -> {
      String type = castType(schema, r.column());
      String column = ShadowSql.identifier(r.column());
      return r.identity() ? column + " = CAST(? AS DATE)"
          : column + " >= CAST(? AS " + type + ") AND " + column + " < CAST(? AS " + type + ")";
    });
  }

  /** The values bound by {@link #predicate}: the day, or the period's start and end as the column's type writes them. */
  List<Object> parameters(TableSchema schema) {
    if (range.isEmpty()) {
      return List.of();
    }
    Range r = range.get();
    if (r.identity()) {
      return List.of(r.start().toLocalDate().toString());
    }
    String type = castType(schema, r.column());
    return List.of(literal(r.start(), type), literal(r.unit().next(r.start()), type));
  }

  private static String literal(LocalDateTime at, String type) {
    return switch (type) {
      case "DATE" -> at.toLocalDate().toString();
      case "TIMESTAMP(6)" -> TIMESTAMP.format(at);
      default -> TIMESTAMP.format(at) + " UTC";
    };
  }

  private static String castType(TableSchema schema, String column) {
    String type = schema.column(column).map(ColumnSchema::type).orElseThrow(() -> new IllegalArgumentException(
        "table " + schema.name() + " has no column " + column)).toUpperCase(Locale.ROOT);
    if (type.equals("DATE")) {
      return "DATE";
    }
    if (type.startsWith("TIMESTAMP")) {
      return type.contains("WITH TIME ZONE") ? "TIMESTAMP(6) WITH TIME ZONE" : "TIMESTAMP(6)";
    }
    throw new IllegalArgumentException("column " + column + " of table " + schema.name() + " is " + type
        + ", not a DATE or TIMESTAMP: its partitions cannot be compared one by one");
  }
}
