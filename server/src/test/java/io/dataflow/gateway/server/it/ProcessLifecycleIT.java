package io.dataflow.gateway.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as an operator runs it: it refuses bad set-ups with one clear line, stops its
 * PostgreSQL on SIGTERM, and after {@code kill -9} the next start stops the PostgreSQL that was left
 * running and carries on with the same data.
 */
class ProcessLifecycleIT {

  private static SharedGateway shared;

  @BeforeAll
  static void setUp() {
    shared = SharedGateway.get();
  }

  @Test
  void aPortInUseStopsTheGatewayWithOneClearLine() throws Exception {
    ChildGateway child;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      child = ChildGateway.named("lifecycle_port").embeddedDatabase().port(taken.getLocalPort()).create();
      try (GatewayProcess gateway = child.launch("out.log")) {
        assertThat(gateway.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        String output = gateway.log();
        assertThat(output).contains("gateway: port " + taken.getLocalPort()
            + " (server.applicationConnectors[0].port) is already in use");
        assertNoStackTrace(output);
      }
    }
    assertThat(child.home.resolve("data/postgres")).as("nothing was started for nothing").doesNotExist();
  }

  @Test
  void anUnusableDataDirectoryStopsTheGatewayWithOneClearLine() throws Exception {
    Path aFile = Files.writeString(Files.createTempDirectory("gateway-dir-").resolve("not-a-directory"), "x");
    ChildGateway child = ChildGateway.named("lifecycle_dir").embeddedDatabase().dataDirectory(aFile.resolve("data")).create();
    try (GatewayProcess gateway = child.launch("out.log")) {
      assertThat(gateway.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
      String output = gateway.log();
      assertThat(output).contains("gateway: Cannot create the data directory " + aFile.resolve("data"));
      assertNoStackTrace(output);
    }
  }

  @Test
  void afterKillNineTheNextStartStopsTheOrphanedPostgresAndKeepsTheData() throws Exception {
    ChildGateway child = ChildGateway.named("lifecycle_kill").embeddedDatabase().create();
    int port = child.port;
    Path postmasterPid = child.home.resolve("data/postgres/postmaster.pid");

    long orphan;
    try (GatewayProcess gateway = child.start("first.log")) {
      assertThat(shared.post(port, "/iceberg/v1/namespaces", "{\"namespace\": [\"survivor\"]}").statusCode()).isEqualTo(200);
      orphan = Long.parseLong(Files.readAllLines(postmasterPid).getFirst().strip());
      gateway.kill();
    }
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("kill -9 leaves the embedded PostgreSQL running")
        .contains(true);

    try (GatewayProcess gateway = child.start("second.log")) {
      assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan was stopped").isEmpty();
      assertThat(gateway.log()).contains("Stopping PostgreSQL left running by an earlier gateway (pid " + orphan + ")");
      assertThat(shared.get(port, "/iceberg/v1/namespaces/survivor").statusCode()).as("the data survived").isEqualTo(200);
      long restarted = Long.parseLong(Files.readAllLines(postmasterPid).getFirst().strip());

      gateway.close(); // SIGTERM

      awaitExit(restarted, Duration.ofSeconds(15));
      assertThat(ProcessHandle.of(restarted).filter(ProcessHandle::isAlive))
          .as("SIGTERM stops the embedded PostgreSQL with the gateway")
          .isEmpty();
    }
  }

  /** PostgreSQL's postmaster finishes its shutdown a moment after pg_ctl has asked for it. */
  private static void awaitExit(long pid, Duration timeout) throws Exception {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isPresent()) {
      try {
        process.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // reported by the assertion that follows
      }
    }
  }

  private static void assertNoStackTrace(String output) {
    assertThat(output).doesNotContain("\tat ").doesNotContain("! at ").doesNotContain("Exception:");
  }
}
