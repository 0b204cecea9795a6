package io.dataflow.gateway.trino.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's lifecycle with a real Trino of its own (not the shared one): loopback binding, the
 * pid file, and recovery from a Trino orphaned by a gateway that died without closing it.
 */
class EmbeddedTrinoIT {
  @TempDir Path data;

  private final EmbeddedTrinoConfig config =
      EmbeddedTrinoConfig.defaults().withPort(0).withTpch(false).withMaxHeap("2G");

  @Test
  void anOrphanedTrinoIsStoppedByTheNextStartAndCloseCleansUp() throws Exception {
    Path pidFile = data.resolve("trino/trino.pid");
    // Never closed: it stands for the Trino of a gateway killed with kill -9.
    EmbeddedTrino orphan = EmbeddedTrino.start(config, data, Map.of());
    assertThat(pidFile).hasContent(Long.toString(orphan.pid()));
    assertThat(ProcessHandle.of(orphan.pid()).map(PidFile::commandLine).orElseThrow())
        .contains(PidFile.TRINO_MAIN_CLASS);
    assertNotReachableBeyondLoopback(orphan.port());

    try (EmbeddedTrino next = EmbeddedTrino.start(config, data, Map.of())) {
      assertThat(orphan.isRunning()).isFalse();
      assertThat(next.isRunning()).isTrue();
      assertThat(pidFile).hasContent(Long.toString(next.pid()));
      assertThat(Files.readString(next.logFile())).contains("SERVER STARTED");
    } finally {
      orphan.close();
    }

    assertThat(pidFile).doesNotExist();
  }

  private static void assertNotReachableBeyondLoopback(int port) throws IOException {
    Optional<InetAddress> external = NetworkInterface.networkInterfaces()
        .filter(nic -> isUp(nic))
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    }
    if (external.isPresent()) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(external.get(), port), 2_000);
        }
      }).isInstanceOf(IOException.class);
    }
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (IOException e) {
      return false;
    }
  }
}
