package io.dataflow.gateway.trino;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The outcome of one statement: either rows (a query) or an update count (DML and DDL).
 *
 * @param columnNames the result's column names; empty for an update
 * @param rows the rows, each as long as {@code columnNames}; a SQL NULL is a {@code null} element,
 *     the one place where this module hands out null, because a row is data, not an API value
 * @param updateCount rows changed, for a statement that returns no rows
 * @param statistics what Trino reported about the query
 */
public record QueryResult(
    List<String> columnNames, List<List<Object>> rows, OptionalLong updateCount, QueryStatistics statistics) {

  public QueryResult {
    columnNames = List.copyOf(columnNames);
    int width = columnNames.size();
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != width) {
        throw new IllegalArgumentException(
            "Invalid row of " + row.size() + " values: the result has " + width + " columns");
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copied);
    requireNonNull(updateCount, "updateCount is null");
    requireNonNull(statistics, "statistics is null");
    if (updateCount.isPresent() && !rows.isEmpty()) {
      throw new IllegalArgumentException("A result has either rows or an update count, not both");
    }
  }

  public String queryId() {
    return statistics.queryId();
  }

  public boolean isUpdate() {
    return updateCount.isPresent();
  }
}
