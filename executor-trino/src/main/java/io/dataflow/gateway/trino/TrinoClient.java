package io.dataflow.gateway.trino;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.trino.TrinoQueryException.Kind;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoDriver;
import io.trino.jdbc.TrinoStatement;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements on Trino over JDBC, at most {@code maxConcurrentQueries} at a time, each with a
 * timeout, a query id known while it runs, cancellation and Trino's statistics.
 *
 * <p>Thread-safe: every statement gets its own connection (they are cheap: the driver shares its
 * HTTP connection pool), so a client can be shared by the whole gateway. Values are only ever bound
 * as parameters, never pasted into SQL.
 */
public final class TrinoClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrinoClient.class);

  /** How long after its timeout a statement is cancelled by the client, if Trino has not failed it. */
  static final Duration CLIENT_GUARD_GRACE = Duration.ofSeconds(5);

  private static final Pattern TRINO_FAILURE = Pattern.compile("^Query failed \\(#([^)]+)\\): ?(.*)", Pattern.DOTALL);

  private final String jdbcUrl;
  private final Properties connectionProperties;
  private final int maxConcurrentQueries;
  private final Semaphore slots;
  private final TrinoDriver driver = new TrinoDriver();
  private final Map<String, RunningQuery> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService guard;

  /**
   * @param jdbcUrl {@code jdbc:trino://host:port}, optionally with a catalog and schema
   * @param user the Trino user
   * @param maxConcurrentQueries statements run at once; more wait for a slot within their timeout
   * @param extraProperties further Trino JDBC connection properties, e.g. {@code SSL} or
   *     {@code sessionProperties}
   */
  public TrinoClient(String jdbcUrl, String user, int maxConcurrentQueries, Map<String, String> extraProperties) {
    this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
    if (!jdbcUrl.startsWith("jdbc:trino://")) {
      throw new IllegalArgumentException("Invalid Trino JDBC URL '" + jdbcUrl + "': expected jdbc:trino://host:port");
    }
    requireNonNull(user, "user is null");
    requireNonNull(extraProperties, "extraProperties is null");
    if (maxConcurrentQueries < 1) {
      throw new IllegalArgumentException(
          "Invalid maxConcurrentQueries " + maxConcurrentQueries + ": expected at least 1");
    }
    this.maxConcurrentQueries = maxConcurrentQueries;
    this.slots = new Semaphore(maxConcurrentQueries, true);
    this.connectionProperties = new Properties();
    connectionProperties.setProperty("source", "dataflow-gateway");
    connectionProperties.putAll(extraProperties);
    connectionProperties.setProperty("user", user);
    this.guard = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "trino-query-timeout-guard");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A client of the configured cluster, or of the embedded Trino at {@code jdbcUrl}. */
  public static TrinoClient create(TrinoConfig config, String jdbcUrl) {
    return new TrinoClient(jdbcUrl, config.user(), config.maxConcurrentQueries(), Map.of());
  }

  /** Runs one statement. See {@link #execute(String, List, Duration, Consumer)}. */
  public QueryResult execute(String sql, List<?> parameters, Duration timeout) {
    return execute(sql, parameters, timeout, queryId -> {});
  }

  /**
   * Runs one statement and returns its rows or update count with Trino's statistics.
   *
   * @param sql one statement, without a trailing semicolon; {@code ?} marks a parameter
   * @param parameters values bound to the {@code ?} in order; a {@code null} binds SQL NULL
   * @param timeout the longest the statement may take, waiting for a free slot included
   * @param onQueryId called once as soon as Trino has assigned the query id, so that the caller can
   *     record it and {@link #cancel} the statement from elsewhere; it may run on a thread of the
   *     JDBC driver and should return quickly
   * @throws TrinoQueryException when the statement fails, times out or is cancelled; its
   *     {@link TrinoQueryException#kind()} says which
   */
  public QueryResult execute(String sql, List<?> parameters, Duration timeout, Consumer<String> onQueryId) {
    requireNonNull(sql, "sql is null");
    requireNonNull(parameters, "parameters is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(onQueryId, "onQueryId is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Invalid timeout " + timeout + ": expected a positive duration");
    }
    if (sql.isBlank()) {
      throw new IllegalArgumentException("Invalid statement: it is blank");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    acquireSlot(sql, timeout);
    try {
      Duration remaining = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
      return run(sql, parameters, timeout, remaining, onQueryId);
    } finally {
      slots.release();
    }
  }

  /**
   * Cancels a statement of this client that is still running; its {@code execute} then throws a
   * {@link TrinoQueryException} of kind {@link Kind#CANCELLED}.
   *
   * @return false when no statement of this client runs with that query id (it finished already)
   */
  public boolean cancel(String queryId) {
    requireNonNull(queryId, "queryId is null");
    RunningQuery query = running.get(queryId);
    if (query == null) {
      return false;
    }
    log.info("Cancelling query {}", queryId);
    query.cancel(Kind.CANCELLED);
    return true;
  }

  /** The query ids of this client's statements that are running now. */
  public Set<String> runningQueryIds() {
    return Set.copyOf(running.keySet());
  }

  public int maxConcurrentQueries() {
    return maxConcurrentQueries;
  }

  /**
   * Releases the driver's HTTP resources and the timeout guard. Call it once no statement runs any
   * more: a statement still running then fails.
   */
  @Override
  public void close() {
    guard.shutdownNow();
    try {
      driver.close();
    } catch (IOException e) {
      log.warn("Closing the Trino JDBC driver failed: {}", e.toString());
    }
  }

  private void acquireSlot(String sql, Duration timeout) {
    try {
      if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TrinoQueryException(Kind.TIMEOUT,
            "no free query slot within " + timeout + ": all " + maxConcurrentQueries
                + " slots (trino.maxConcurrentQueries) stayed busy",
            Optional.empty(), sql, Optional.empty(), OptionalInt.empty(), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrinoQueryException(Kind.CANCELLED, "interrupted while waiting for a query slot",
          Optional.empty(), sql, Optional.empty(), OptionalInt.empty(), e);
    }
  }

  private QueryResult run(String sql, List<?> parameters, Duration timeout, Duration remaining,
      Consumer<String> onQueryId) {
    RunningQuery query = new RunningQuery(onQueryId);
    ScheduledFuture<?> guardTask = null;
    try (Connection connection = driver.connect(jdbcUrl, connectionProperties);
        Statement statement = parameters.isEmpty()
            ? connection.createStatement()
            : connection.prepareStatement(sql)) {
      query.statement = statement;
      TrinoStatement trino = statement.unwrap(TrinoStatement.class);
      trino.setProgressMonitor(query::progress);
      // Trino enforces this as the session's query_max_run_time, which fails the query server-side.
      statement.setQueryTimeout(Math.toIntExact(Math.max(1, ceilSeconds(remaining))));
      guardTask = guard.schedule(() -> query.cancel(Kind.TIMEOUT),
          remaining.plus(CLIENT_GUARD_GRACE).toMillis(), TimeUnit.MILLISECONDS);
      boolean hasRows;
      if (statement instanceof PreparedStatement prepared) {
        bind(prepared, parameters);
        hasRows = prepared.execute();
      } else {
        hasRows = statement.execute(sql);
      }
      QueryResult result = hasRows
          ? readRows(statement.getResultSet(), query)
          : new QueryResult(List.of(), List.of(), OptionalLong.of(Math.max(0, statement.getLargeUpdateCount())),
              query.statistics());
      log.debug("Query {} finished: {}", result.queryId(), result.statistics());
      return result;
    } catch (SQLException e) {
      throw translate(e, query, sql, timeout);
    } finally {
      if (guardTask != null) {
        guardTask.cancel(false);
      }
      query.queryId().ifPresent(running::remove);
    }
  }

  private static QueryResult readRows(ResultSet resultSet, RunningQuery query) throws SQLException {
    try (resultSet) {
      ResultSetMetaData metadata = resultSet.getMetaData();
      int width = metadata.getColumnCount();
      List<String> columns = new ArrayList<>(width);
      for (int i = 1; i <= width; i++) {
        columns.add(metadata.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (resultSet.next()) {
        List<Object> row = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
          row.add(resultSet.getObject(i));
        }
        rows.add(row);
      }
      return new QueryResult(columns, rows, OptionalLong.empty(), query.statistics());
    }
  }

  private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  /** Turns a JDBC failure into the kind of failure it is, in Trino's words where Trino gave them. */
  static TrinoQueryException translate(SQLException e, RunningQuery query, String sql, Duration timeout) {
    Optional<Kind> forced = query.forcedOutcome();
    Matcher failure = TRINO_FAILURE.matcher(String.valueOf(e.getMessage()));
    Optional<String> queryId = query.queryId();
    if (failure.find()) {
      int code = e.getErrorCode();
      Optional<String> name = TrinoErrorCodes.name(code);
      Kind kind = forced.orElse(TrinoErrorCodes.kind(code));
      String message = kind == Kind.TIMEOUT
          ? "exceeded its timeout of " + timeout + " (" + failure.group(2) + ")"
          : failure.group(2);
      return new TrinoQueryException(kind, name.map(n -> n + ": ").orElse("") + message,
          Optional.of(failure.group(1)), sql, name, OptionalInt.of(code), e);
    }
    if (forced.isPresent()) {
      String message = forced.get() == Kind.TIMEOUT
          ? "exceeded its timeout of " + timeout + " and was cancelled by the client"
          : "cancelled through TrinoClient.cancel";
      return new TrinoQueryException(forced.get(), message, queryId, sql, Optional.empty(), OptionalInt.empty(), e);
    }
    return new TrinoQueryException(Kind.EXTERNAL, "cannot run the statement on Trino: " + e.getMessage()
        + (e.getCause() == null ? "" : " (" + e.getCause() + ")"),
        queryId, sql, Optional.empty(), OptionalInt.empty(), e);
  }

  private static long ceilSeconds(Duration duration) {
    return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
  }

  /** One statement in flight: its query id once known, its last statistics, and why it was stopped. */
  final class RunningQuery {
    private final Consumer<String> onQueryId;
    private volatile Statement statement;
    private final AtomicReference<String> queryId = new AtomicReference<>();
    private volatile QueryStats lastStats;
    private volatile Kind forcedOutcome;

    RunningQuery(Consumer<String> onQueryId) {
      this.onQueryId = onQueryId;
    }

    void progress(QueryStats stats) {
      lastStats = stats;
      String id = stats.getQueryId();
      if (id != null && queryId.compareAndSet(null, id)) {
        running.put(id, this);
        try {
          onQueryId.accept(id);
        } catch (RuntimeException e) {
          log.warn("The query id listener of query {} failed: {}", id, e.toString());
        }
      }
    }

    Optional<String> queryId() {
      return Optional.ofNullable(queryId.get());
    }

    Optional<Kind> forcedOutcome() {
      return Optional.ofNullable(forcedOutcome);
    }

    void cancel(Kind reason) {
      if (forcedOutcome == null) {
        forcedOutcome = reason;
      }
      Statement current = statement;
      if (current != null) {
        try {
          current.cancel();
        } catch (SQLException e) {
          log.warn("Cancelling query {} failed: {}", queryId.get(), e.toString());
        }
      }
    }

    QueryStatistics statistics() {
      QueryStats stats = lastStats;
      if (stats == null) {
        throw new IllegalStateException("Trino finished a statement without reporting any statistics");
      }
      return QueryStatistics.from(stats);
    }
  }
}
