package io.dataflow.gateway.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.trino.TrinoQueryException.Kind;
import io.dataflow.gateway.trino.testing.SharedTrino;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real embedded Trino 476 with its tpch catalog. */
class TrinoClientIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  // Slow enough to outlast a 1 s timeout and a cancel on this 2-core machine.
  private static final String SLOW_QUERY = "SELECT count(*) FROM tpch.sf100.lineitem a CROSS JOIN tpch.sf100.orders b";

  private static TrinoClient client;

  @BeforeAll
  static void connect() {
    client = new TrinoClient(SharedTrino.jdbcUrl(), "it", 4, Map.of());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void aQueryReturnsItsRowsAndTrinosStatistics() {
    QueryResult result = client.execute("SELECT nationkey, name FROM tpch.tiny.nation ORDER BY nationkey",
        List.of(), TIMEOUT);

    assertThat(result.columnNames()).containsExactly("nationkey", "name");
    assertThat(result.rows()).hasSize(25);
    assertThat(result.rows().getFirst()).containsExactly(0L, "ALGERIA");
    assertThat(result.isUpdate()).isFalse();
    QueryStatistics statistics = result.statistics();
    assertThat(statistics.queryId()).isNotBlank();
    assertThat(statistics.state()).isEqualTo("FINISHED");
    assertThat(statistics.processedRows()).isEqualTo(25);
    assertThat(statistics.processedBytes()).isNotNegative(); // tpch generates rows, it reads no bytes
    assertThat(statistics.elapsedTime()).isPositive();
  }

  @Test
  void aCountOverLineitemReadsEveryRow() {
    QueryResult result = client.execute("SELECT count(*) FROM tpch.tiny.lineitem", List.of(), TIMEOUT);

    assertThat(result.rows()).containsExactly(List.of(60_175L));
    assertThat(result.statistics().processedRows()).isEqualTo(60_175L);
  }

  @Test
  void parametersAreBoundNotPasted() {
    QueryResult result = client.execute(
        "SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = ? AND name <> ?",
        List.of(1, "x' OR 'a' = 'a"), TIMEOUT);

    assertThat(result.rows()).containsExactly(List.of(5L));
  }

  @Test
  void theQueryIdIsKnownWhileTheStatementRuns() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    QueryResult result = client.execute("SELECT 1", List.of(), TIMEOUT, seen::add);

    assertThat(seen).containsExactly(result.queryId());
    assertThat(client.runningQueryIds()).isEmpty();
  }

  @Test
  void aStatementOverItsTimeoutFailsAsATimeout() {
    assertThatThrownBy(() -> client.execute(SLOW_QUERY, List.of(), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e.errorName()).contains("EXCEEDED_TIME_LIMIT");
          assertThat(e.queryId()).isPresent();
          assertThat(e.sqlFirstLine()).isEqualTo(SLOW_QUERY);
        });
  }

  @Test
  void aStatementCancelledFromAnotherThreadFailsAsCancelled() throws Exception {
    CompletableFuture<String> queryId = new CompletableFuture<>();
    CompletableFuture<QueryResult> execution = CompletableFuture.supplyAsync(
        () -> client.execute(SLOW_QUERY, List.of(), TIMEOUT, queryId::complete));

    String id = queryId.get(60, TimeUnit.SECONDS);
    Thread.sleep(500);
    assertThat(client.cancel(id)).isTrue();

    assertThat(execution).failsWithin(Duration.ofSeconds(60)).withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
          assertThat(e.queryId()).contains(id);
        });
  }

  @Test
  void aSyntaxErrorIsAUserErrorWithTrinosErrorName() {
    assertThatThrownBy(() -> client.execute("SELEC 1", List.of(), TIMEOUT))
        .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.USER_ERROR);
          assertThat(e.errorName()).contains("SYNTAX_ERROR");
          assertThat(e.queryId()).isPresent();
        });
  }

  @Test
  void aMissingTableIsAUserErrorWithTrinosErrorName() {
    assertThatThrownBy(() -> client.execute("SELECT * FROM tpch.tiny.no_such_table", List.of(), TIMEOUT))
        .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.USER_ERROR);
          assertThat(e.errorName()).contains("TABLE_NOT_FOUND");
        });
  }
}
