package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.planner.model.Granularity;
import io.dataflow.gateway.planner.model.PartitionKey;
import io.dataflow.gateway.planner.model.Partitioning;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which partitions of a dataset an Airflow event announces, in this order:
 *
 * <ol>
 *   <li>the event's extra {@value #KEY}: a list of partitions as the gateway writes them
 *       ({@code ["2024-01-10", "2024-01-11"]}), each optionally prefixed with the partition column
 *       ({@code "day=2024-01-10"}); the gateway's own events carry the same key;
 *   <li>else the logical date of the DAG run whose task produced the event (UTC), as the partition of
 *       the dataset's granularity that contains it: a daily DAG's run of 2024-01-10 writes
 *       {@code day = '{{ ds }}'}, which is that day;
 *   <li>else, with nothing to go on (an event created through the API without the key, a run without
 *       a logical date), every partition of the dataset.
 * </ol>
 *
 * An unpartitioned dataset has one partition, whatever the event says. An extra {@value #KEY} that
 * does not fit the dataset's partitioning is not narrowed to what could be read: the whole dataset is
 * taken, and the reason is recorded.
 */
final class EventPartitions {

  /** The extra key naming partitions, read and written by the bridge. */
  static final String KEY = "partitions";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the partitions came from. */
  enum Source { EXTRA, LOGICAL_DATE, WHOLE_DATASET }

  /**
   * @param keys the partitions; empty for every partition of the dataset
   * @param detail how they were found, for the log and the record
   */
  record Derived(Source source, Optional<NavigableSet<PartitionKey>> keys, String detail) {
    Derived {
      requireNonNull(source, "source is null");
      requireNonNull(keys, "keys is null");
      requireNonNull(detail, "detail is null");
      keys = keys.map(k -> java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(k)));
    }
  }

  private EventPartitions() {}

  /**
   * @param logicalDate the logical date of a DAG's run ({@code dagId}, {@code runId}), if it has one;
   *     asked only when the extra names no partitions
   */
  static Derived derive(DatasetEvent event, Partitioning partitioning, Function<DatasetEvent, Optional<Instant>> logicalDate) {
    if (!partitioning.isPartitioned()) {
      NavigableSet<PartitionKey> one = new TreeSet<>();
      one.add(PartitionKey.unpartitioned());
      return new Derived(Source.WHOLE_DATASET, Optional.of(one), "the dataset is unpartitioned");
    }
    String named = event.extra().get(KEY);
    if (named != null) {
      try {
        return new Derived(Source.EXTRA, Optional.of(fromExtra(named, partitioning)), "extra." + KEY);
      } catch (IllegalArgumentException e) {
        return new Derived(Source.WHOLE_DATASET, Optional.empty(), e.getMessage() + "; every partition of the dataset is taken");
      }
    }
    if (event.sourceDagId().isPresent() && event.sourceRunId().isPresent()) {
      Optional<Instant> date = logicalDate.apply(event);
      if (date.isPresent()) {
        Granularity granularity = partitioning.granularity().orElseThrow();
        PartitionKey key = PartitionKey.of(granularity, granularity.truncate(LocalDateTime.ofInstant(date.get(), ZoneOffset.UTC)));
        NavigableSet<PartitionKey> keys = new TreeSet<>();
        keys.add(key);
        return new Derived(Source.LOGICAL_DATE, Optional.of(keys), "the logical date " + date.get() + " of run "
            + event.sourceRunId().get() + " of DAG " + event.sourceDagId().get());
      }
      return new Derived(Source.WHOLE_DATASET, Optional.empty(), "run " + event.sourceRunId().get() + " of DAG "
          + event.sourceDagId().get() + " has no logical date and the event no extra." + KEY + "; every partition of the dataset is taken");
    }
    return new Derived(Source.WHOLE_DATASET, Optional.empty(),
        "the event names no partitions (no extra." + KEY + ") and no DAG run; every partition of the dataset is taken");
  }

  /**
   * The partitions of the JSON text {@code json}, a list of strings.
   *
   * @throws IllegalArgumentException naming the element at fault
   */
  static NavigableSet<PartitionKey> fromExtra(String json, Partitioning partitioning) {
    JsonNode list;
    try {
      list = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("extra." + KEY + " is not JSON: " + json);
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("extra." + KEY + " must be a non-empty list of partitions such as [\"2024-01-10\"], not " + json);
    }
    NavigableSet<PartitionKey> keys = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (!item.isTextual()) {
        throw new IllegalArgumentException("extra." + KEY + "[" + i + "] must be a string such as \"2024-01-10\", not " + item);
      }
      keys.add(parse(item.asText(), partitioning, "extra." + KEY + "[" + i + "]"));
    }
    return keys;
  }

  /** One partition, {@code 2024-01-10} or {@code day=2024-01-10}. */
  static PartitionKey parse(String text, Partitioning partitioning, String where) {
    String column = partitioning.column().orElseThrow();
    Granularity granularity = partitioning.granularity().orElseThrow();
    String value = text.strip();
    int equals = value.indexOf('=');
    if (equals >= 0) {
      String named = value.substring(0, equals).strip();
      if (!named.equalsIgnoreCase(column)) {
        throw new IllegalArgumentException(where + " '" + text + "' names the column " + named + ", but the dataset is partitioned by " + column);
      }
      value = value.substring(equals + 1).strip();
    }
    try {
      LocalDateTime start = switch (granularity) {
        case HOUR -> LocalDateTime.parse(value + ":00");
        case DAY -> java.time.LocalDate.parse(value).atStartOfDay();
        case WEEK -> Granularity.WEEK.parse(value);
        case MONTH -> java.time.YearMonth.parse(value).atDay(1).atStartOfDay();
        case YEAR -> java.time.Year.parse(value).atDay(1).atStartOfDay();
      };
      PartitionKey key = PartitionKey.of(granularity, start);
      if (key.value().equals(value)) {
        return key;
      }
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + " '" + text + "' is not a partition of a dataset partitioned by " + partitioning
        + ": expected " + PartitionKey.of(granularity, granularity.truncate(LocalDateTime.of(2024, 1, 10, 5, 0))).value());
  }
}
