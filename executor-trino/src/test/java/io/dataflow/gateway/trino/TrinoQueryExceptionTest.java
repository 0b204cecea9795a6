package io.dataflow.gateway.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.trino.TrinoQueryException.Kind;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How JDBC failures become kinds of failure, without a server: the driver's messages are fixed. */
class TrinoQueryExceptionTest {
  private static final String SQL = "\n  SELECT *\n  FROM nowhere";
  private final TrinoClient client = new TrinoClient("jdbc:trino://127.0.0.1:1", "u", 1, Map.of());

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aSyntaxErrorIsTheUsersWithTrinosName() {
    TrinoQueryException e = translate(new SQLException(
        "Query failed (#20261121_1_2_abc): line 1:1: mismatched input 'SELEC'", null, 1));

    assertThat(e.kind()).isEqualTo(Kind.USER_ERROR);
    assertThat(e.errorName()).contains("SYNTAX_ERROR");
    assertThat(e.errorCode()).hasValue(1);
    assertThat(e.queryId()).contains("20261121_1_2_abc");
    assertThat(e.sqlFirstLine()).isEqualTo("SELECT *");
    assertThat(e.getMessage()).contains("USER_ERROR", "20261121_1_2_abc", "SYNTAX_ERROR", "mismatched input",
        "[statement: SELECT *]");
  }

  @Test
  void trinosTimeLimitIsATimeout() {
    TrinoQueryException e = translate(new SQLException(
        "Query failed (#q1): Query exceeded maximum time limit of 1.00s", null, 131_075));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.errorName()).contains("EXCEEDED_TIME_LIMIT");
  }

  @Test
  void codesAreGroupedByRange() {
    assertThat(TrinoErrorCodes.kind(46)).isEqualTo(Kind.USER_ERROR);
    assertThat(TrinoErrorCodes.name(46)).contains("TABLE_NOT_FOUND");
    assertThat(TrinoErrorCodes.kind(3)).isEqualTo(Kind.CANCELLED);
    assertThat(TrinoErrorCodes.kind(65_536)).isEqualTo(Kind.INTERNAL);
    assertThat(TrinoErrorCodes.name(65_536)).contains("GENERIC_INTERNAL_ERROR");
    assertThat(TrinoErrorCodes.kind(131_073)).isEqualTo(Kind.INSUFFICIENT_RESOURCES);
    assertThat(TrinoErrorCodes.kind(0x100_0001)).isEqualTo(Kind.EXTERNAL);
    assertThat(TrinoErrorCodes.name(0x100_0001)).isEmpty();
    assertThat(TrinoErrorCodes.name(91)).contains("INVALID_ORDER_BY");
  }

  @Test
  void aFailureWithoutTrinosAnswerIsExternal() {
    TrinoQueryException e = translate(new SQLException("Error executing query", new java.io.IOException("refused")));

    assertThat(e.kind()).isEqualTo(Kind.EXTERNAL);
    assertThat(e.errorName()).isEmpty();
    assertThat(e.getMessage()).contains("refused");
  }

  @Test
  void aQueryCancelledByTheClientIsCancelledWhateverTheDriverSays() {
    TrinoClient.RunningQuery query = client.new RunningQuery(id -> {});
    query.cancel(Kind.CANCELLED);

    TrinoQueryException e = TrinoClient.translate(
        new SQLException("Error executing query"), query, SQL, Duration.ofSeconds(1));

    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
  }

  @Test
  void theFirstCancelReasonWins() {
    TrinoClient.RunningQuery query = client.new RunningQuery(id -> {});
    query.cancel(Kind.TIMEOUT);
    query.cancel(Kind.CANCELLED);

    TrinoQueryException e = TrinoClient.translate(
        new SQLException("Query failed (#q): Query was canceled", null, 3), query, SQL, Duration.ofSeconds(1));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
  }

  private TrinoQueryException translate(SQLException e) {
    return TrinoClient.translate(e, client.new RunningQuery(id -> {}), SQL, Duration.ofSeconds(1));
  }
}
