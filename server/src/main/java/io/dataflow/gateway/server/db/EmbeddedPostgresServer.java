package io.dataflow.gateway.server.db;

import io.dataflow.gateway.server.GatewayStartupException;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the Maven-packaged binaries, with its data kept across restarts.
 *
 * <p>PostgreSQL runs as its own process. If the gateway was killed without stopping it, the next
 * start finds the orphan through {@code postmaster.pid} and shuts it down before starting afresh;
 * PostgreSQL's own recovery makes the data consistent.
 */
public final class EmbeddedPostgresServer implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String DATABASE = "gateway";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL over {@code dataDirectory}, creating the cluster on first use.
   *
   * @throws GatewayStartupException if the server cannot start
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, Path logFile) {
    try {
      Files.createDirectories(dataDirectory);
      stopOrphan(dataDirectory);
      long started = System.nanoTime();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("max_connections", "100")
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
      server.createDatabaseIfMissing();
      LOG.info(
          "Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms (data in {})",
          postgres.getPort(),
          (System.nanoTime() - started) / 1_000_000,
          dataDirectory);
      return server;
    } catch (IOException | SQLException | RuntimeException e) {
      throw new GatewayStartupException(
          "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + rootMessage(e)
              + " (its log is " + logFile + ")",
          e);
    }
  }

  /** The connection to this server's {@value #DATABASE} database. */
  public Database database() {
    return new Database(postgres.getJdbcUrl(DatabaseConfig.EMBEDDED_USER, DATABASE), DatabaseConfig.EMBEDDED_USER, "", true);
  }

  /** The process id of the postmaster, if known. */
  public Optional<Long> pid(Path dataDirectory) {
    return readPid(dataDirectory);
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(postgres.getJdbcUrl(DatabaseConfig.EMBEDDED_USER, "postgres"));
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rows = exists.executeQuery()) {
        if (!rows.next()) {
          try (Statement create = connection.createStatement()) {
            create.execute("CREATE DATABASE \"" + DATABASE + "\"");
          }
        }
      }
    }
  }

  private static void stopOrphan(Path dataDirectory) {
    Optional<Long> pid = readPid(dataDirectory);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    boolean isPostgres =
        process.flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
    if (!isPostgres) {
      return; // a stale pid file; PostgreSQL itself replaces it
    }
    LOG.warn("Stopping PostgreSQL left running by an earlier gateway (pid {})", pid.get());
    ProcessHandle orphan = process.get();
    orphan.destroy(); // SIGTERM: a smart shutdown, quick with no clients left
    if (!waitForExit(orphan, Duration.ofSeconds(30))) {
      orphan.destroyForcibly();
      waitForExit(orphan, Duration.ofSeconds(10));
    }
  }

  private static boolean waitForExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<Long> readPid(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public void start() {}

  @Override
  public void stop() throws IOException {
    postgres.close();
  }
}
