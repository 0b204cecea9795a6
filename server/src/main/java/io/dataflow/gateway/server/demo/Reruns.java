package io.dataflow.gateway.server.demo;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the dataflow reran after one day of an input was restated, from its run records, and what a
 * cron rerun of that day's Airflow run would have left stale: Airflow reruns each task for its logical
 * date only, so every other partition the restated day reaches keeps its old rows (an unpartitioned
 * table is rebuilt whole by the rerun, so it is not left stale).
 *
 * @param day the restated day, which is also the logical date of the Airflow run one would clear
 * @param runs the runs the restatement caused, oldest first
 */
public record Reruns(LocalDate day, List<Run> runs) {

  /** The partition name of an unpartitioned table. */
  public static final String UNPARTITIONED = "(unpartitioned)";

  /**
   * One run of a transform.
   *
   * @param transform the transform that ran
   * @param dataset the dataset it wrote
   * @param partitions the partitions it replaced
   * @param strategy how the cost model chose to run them
   * @param causes why: each cause's kind and id ({@code snapshot event-12})
   */
  public record Run(String transform, String dataset, List<String> partitions, String strategy, List<String> causes) {
    public Run {
      requireNonNull(transform, "transform is null");
      requireNonNull(dataset, "dataset is null");
      partitions = List.copyOf(partitions);
      requireNonNull(strategy, "strategy is null");
      causes = List.copyOf(causes);
    }
  }

  public Reruns {
    requireNonNull(day, "day is null");
    runs = List.copyOf(runs);
  }

  /** Every partition rerun, by dataset. */
  public SortedMap<String, SortedSet<String>> byDataset() {
    SortedMap<String, SortedSet<String>> result = new TreeMap<>();
    for (Run run : runs) {
      result.computeIfAbsent(run.dataset(), d -> new TreeSet<>()).addAll(run.partitions());
    }
    return result;
  }

  /** The partitions a rerun of the Airflow run of {@link #day} would not rewrite, by dataset. */
  public SortedMap<String, SortedSet<String>> staleAfterCronRerun() {
    SortedMap<String, SortedSet<String>> result = new TreeMap<>();
    byDataset().forEach((dataset, partitions) -> {
      SortedSet<String> stale = new TreeSet<>(partitions);
      stale.remove(day.toString());
      stale.remove(UNPARTITIONED);
      if (!stale.isEmpty()) {
        result.put(dataset, stale);
      }
    });
    return result;
  }

  /** Partitions written as ranges of consecutive days: {@code 2024-01-10..2024-01-16 (7 days)}. */
  public static String ranges(SortedSet<String> partitions) {
    List<String> parts = new ArrayList<>();
    LocalDate first = null;
    LocalDate last = null;
    for (String partition : partitions) {
      Optional<LocalDate> parsed = date(partition);
      if (parsed.isEmpty()) {
        parts.add(partition);
        continue;
      }
      LocalDate date = parsed.get();
      if (last != null && date.equals(last.plusDays(1))) {
        last = date;
        continue;
      }
      if (first != null) {
        parts.add(range(first, last));
      }
      first = date;
      last = date;
    }
    if (first != null) {
      parts.add(range(first, last));
    }
    return String.join(", ", parts);
  }

  /** Each dataset's partitions as {@link #ranges}, one per line, the dataset padded to {@code width}. */
  static List<String> lines(Map<String, SortedSet<String>> byDataset, int width) {
    List<String> lines = new ArrayList<>();
    byDataset.forEach((dataset, partitions) -> lines.add(pad(dataset, width) + ranges(partitions)));
    return Collections.unmodifiableList(lines);
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text + "  " : text + " ".repeat(width - text.length());
  }

  private static String range(LocalDate first, LocalDate last) {
    if (first.equals(last)) {
      return first.toString();
    }
    return first + ".." + last + " (" + (last.toEpochDay() - first.toEpochDay() + 1) + " days)";
  }

  private static Optional<LocalDate> date(String partition) {
    try {
      return Optional.of(LocalDate.parse(partition));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
