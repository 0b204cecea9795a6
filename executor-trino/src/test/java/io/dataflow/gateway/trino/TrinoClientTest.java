package io.dataflow.gateway.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dataflow.gateway.trino.TrinoQueryException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the client does without a Trino; {@code TrinoClientIT} covers it against a real one. */
class TrinoClientTest {

  @Test
  void refusesAUrlThatIsNotTrinos() {
    assertThatThrownBy(() -> new TrinoClient("jdbc:postgresql://x/y", "u", 1, Map.of()))
        .hasMessageContaining("expected jdbc:trino://host:port");
    assertThatThrownBy(() -> new TrinoClient("jdbc:trino://x:1", "u", 0, Map.of()))
        .hasMessageContaining("maxConcurrentQueries 0");
  }

  @Test
  void refusesABlankStatementOrANonPositiveTimeout() {
    try (TrinoClient client = new TrinoClient("jdbc:trino://127.0.0.1:1", "u", 1, Map.of())) {
      assertThatThrownBy(() -> client.execute(" ", List.of(), Duration.ofSeconds(1)))
          .hasMessageContaining("blank");
      assertThatThrownBy(() -> client.execute("SELECT 1", List.of(), Duration.ZERO))
          .hasMessageContaining("positive");
    }
  }

  @Test
  void anUnreachableTrinoIsAnExternalFailure() throws Exception {
    try (TrinoClient client = new TrinoClient("jdbc:trino://127.0.0.1:" + closedPort(), "u", 1, Map.of())) {
      assertThatThrownBy(() -> client.execute("SELECT 1", List.of(), Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.EXTERNAL);
            assertThat(e.queryId()).isEmpty();
            assertThat(e.sqlFirstLine()).isEqualTo("SELECT 1");
          });
    }
  }

  @Test
  void aStatementWaitsForAFreeSlotNoLongerThanItsTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    HttpServer stuckTrino = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stuckTrino.createContext("/", exchange -> {
      arrived.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(500, -1); // not 503: the driver retries that
      exchange.close();
    });
    stuckTrino.start();
    String url = "jdbc:trino://127.0.0.1:" + stuckTrino.getAddress().getPort();
    try (TrinoClient client = new TrinoClient(url, "u", 1, Map.of())) {
      CompletableFuture<?> holdsTheOnlySlot =
          CompletableFuture.runAsync(() -> client.execute("SELECT 1", List.of(), Duration.ofMinutes(1)));
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> client.execute("SELECT 2", List.of(), Duration.ofMillis(200)))
          .isInstanceOfSatisfying(TrinoQueryException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("no free query slot", "maxConcurrentQueries");
          });

      release.countDown();
      assertThat(holdsTheOnlySlot).failsWithin(Duration.ofSeconds(30));
    } finally {
      release.countDown();
      stuckTrino.stop(0);
    }
  }

  @Test
  void cancellingAnUnknownQueryReportsFalse() {
    try (TrinoClient client = new TrinoClient("jdbc:trino://127.0.0.1:1", "u", 1, Map.of())) {
      assertThat(client.cancel("20261121_000000_00000_xxxxx")).isFalse();
      assertThat(client.runningQueryIds()).isEmpty();
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
