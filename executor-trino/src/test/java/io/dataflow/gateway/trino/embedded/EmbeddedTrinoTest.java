package io.dataflow.gateway.trino.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link EmbeddedTrino#start} checks before it launches anything. */
class EmbeddedTrinoTest {
  @TempDir Path temp;

  @Test
  void aPortInUseIsOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      EmbeddedTrinoConfig config = EmbeddedTrinoConfig.defaults().withPort(port).withCacheDirectory(temp);

      assertThatThrownBy(() -> EmbeddedTrino.start(config, temp.resolve("data"), Map.of()))
          .isInstanceOf(TrinoLaunchException.class)
          .hasMessage("Port " + port + " on 127.0.0.1 is already in use: stop what uses it, or set "
              + "trino.embedded.port to another port (0 picks a free one)");
    }
  }

  @Test
  void aTrinoThatDiesWhileStartingIsReportedWithItsExitCodeAndLog() throws Exception {
    // An installed tree with no jars: the JVM starts and exits at once, not finding Trino's main class.
    Path server = temp.resolve("cache/trino-server-" + EmbeddedTrinoConfig.DEFAULT_VERSION);
    Files.createDirectories(server.resolve("lib"));
    Files.createDirectories(server.resolve("plugin/iceberg"));
    Files.createDirectories(server.resolve("plugin/tpch"));
    Files.writeString(server.resolve(TrinoDistribution.COMPLETE_MARKER), "test\n");
    EmbeddedTrinoConfig config = EmbeddedTrinoConfig.defaults().withPort(0).withCacheDirectory(temp.resolve("cache"));
    Path data = temp.resolve("data");

    assertThatThrownBy(() -> EmbeddedTrino.start(config, data, Map.of()))
        .isInstanceOf(TrinoLaunchException.class)
        .hasMessageContaining("Trino exited with code 1 while starting")
        .hasMessageContaining("io.trino.server.TrinoServer");
    assertThat(data.resolve("trino/trino.pid")).doesNotExist();
    assertThat(data.resolve("trino/etc/catalog/tpch.properties")).exists();
  }

  @Test
  void aCatalogNeedsAValidNameAndAConnector() {
    assertThatThrownBy(() -> EmbeddedTrino.checkCatalogs(Map.of("Bad-Name", Map.of("connector.name", "tpch"))))
        .hasMessageContaining("Invalid catalog name 'Bad-Name'");
    assertThatThrownBy(() -> EmbeddedTrino.checkCatalogs(Map.of("iceberg", Map.of())))
        .hasMessageContaining("'iceberg' has no connector.name");
  }

  @Test
  void tpchIsAddedWhenConfiguredWithoutReplacingTheCallersOwn() {
    Map<String, String> iceberg = Map.of("connector.name", "iceberg");
    Map<String, String> ownTpch = Map.of("connector.name", "tpch", "tpch.splits-per-node", "2");

    assertThat(EmbeddedTrino.withTpch(Map.of("iceberg", iceberg), true))
        .containsEntry("tpch", Map.of("connector.name", "tpch")).containsEntry("iceberg", iceberg);
    assertThat(EmbeddedTrino.withTpch(Map.of("iceberg", iceberg), false)).containsOnlyKeys("iceberg");
    assertThat(EmbeddedTrino.withTpch(Map.of("tpch", ownTpch), true)).containsEntry("tpch", ownTpch);
  }

  @Test
  void theLogTailIsTheEndOfThisStartOnly() throws Exception {
    Path log = temp.resolve("trino.log");
    Files.writeString(log, "an earlier run\n");
    long offset = Files.size(log);
    Files.writeString(log, String.join("\n", IntStream.range(0, 40).mapToObj(i -> "line " + i).toList()),
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(EmbeddedTrino.tail(log, offset, 30)).hasSize(30).startsWith("line 10").endsWith("line 39");
    assertThat(EmbeddedTrino.tail(log, offset, 100)).doesNotContain("an earlier run");
  }
}
