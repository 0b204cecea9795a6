package io.dataflow.gateway.trino.embedded;

import static java.util.Objects.requireNonNull;

import io.trino.jdbc.TrinoDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Trino run as a child process of the gateway, bound to 127.0.0.1.
 *
 * <p>The caller owns its lifecycle: nothing is registered statically, {@link #close()} stops it. A
 * Trino orphaned by a {@code kill -9} of the gateway is found through the pid file in the data
 * directory and stopped by the next {@link #start}.
 *
 * <p>Layout under {@code dataDirectory/trino}: {@code etc/} (generated configuration),
 * {@code data/} (Trino's node data), {@code trino.log} (its stdout and stderr) and
 * {@code trino.pid}.
 */
public final class EmbeddedTrino implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTrino.class);

  private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final int LOG_TAIL_LINES = 30;
  private static final Pattern NOT_STARTING = Pattern.compile("\"starting\"\\s*:\\s*false");
  private static final Pattern CATALOG_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final int MINIMUM_JAVA = 24;
  private static final String ACTIVE_NODES =
      "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'";
  /** Scheduled on the nodes of the {@code tpch} catalog, which the node manager lists a little later. */
  private static final String CATALOG_NODES = "SELECT count(*) FROM tpch.tiny.nation";

  private final Process process;
  private final int port;
  private final Path logFile;
  private final PidFile pidFile;
  private boolean closed;

  private EmbeddedTrino(Process process, int port, Path logFile, PidFile pidFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.pidFile = pidFile;
  }

  /**
   * Obtains Trino if needed, writes its configuration, launches it and waits until it is ready.
   *
   * @param config how to launch it
   * @param dataDirectory the gateway's data directory; Trino's files go to its {@code trino} folder
   * @param catalogs catalog name to connector properties (each must have {@code connector.name});
   *     a {@code tpch} catalog is added when {@link EmbeddedTrinoConfig#tpch()} is set and the caller
   *     has none of that name
   * @throws TrinoLaunchException when Trino cannot be obtained, does not start in time, or dies
   *     while starting; the message carries the end of Trino's log
   */
  public static EmbeddedTrino start(
      EmbeddedTrinoConfig config, Path dataDirectory, Map<String, Map<String, String>> catalogs) {
    requireNonNull(config, "config is null");
    requireNonNull(dataDirectory, "dataDirectory is null");
    Map<String, Map<String, String>> allCatalogs = withTpch(checkCatalogs(catalogs), config.tpch());
    checkJavaVersion();

    Path home = dataDirectory.toAbsolutePath().resolve("trino");
    Path etc = home.resolve("etc");
    PidFile pidFile = new PidFile(home.resolve("trino.pid"));
    try {
      Files.createDirectories(home);
      pidFile.stopOrphan(STOP_GRACE_PERIOD);
      int port = config.port() == 0 ? freeLoopbackPort() : checkPortFree(config.port());
      Path server = TrinoDistribution.forConfig(config).install(config.version(), config.tpch());
      Map<String, String> nodeProperties = EtcFiles.nodeProperties(home.resolve("data"));
      List<String> jvmConfig = EtcFiles.jvmConfig(config);
      EtcFiles.write(etc, EtcFiles.configProperties(port, config, server, etc), nodeProperties,
          jvmConfig, allCatalogs);
      return launch(server, etc, home.resolve("trino.log"), pidFile, port, jvmConfig, nodeProperties,
          config.startupTimeout(), config.tpch());
    } catch (IOException e) {
      throw new TrinoLaunchException("Cannot prepare the embedded Trino in " + home + ": " + e, e);
    }
  }

  private static EmbeddedTrino launch(Path server, Path etc, Path logFile, PidFile pidFile, int port,
      List<String> jvmConfig, Map<String, String> nodeProperties, Duration startupTimeout, boolean tpch)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(currentJavaBinary());
    command.addAll(jvmConfig);
    // bin/launcher would pass node.properties this way; TrinoServer reads only -Dconfig itself.
    nodeProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-Dconfig=" + etc.resolve("config.properties"));
    command.add("-Dlog.levels-file=" + etc.resolve("log.properties"));
    command.add("-cp");
    command.add(server.resolve("lib") + "/*");
    command.add(PidFile.TRINO_MAIN_CLASS);

    long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
    Files.writeString(logFile, "==== dataflow-gateway starting Trino at " + Instant.now() + " on port "
        + port + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .directory(server.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    pidFile.write(process.pid());
    log.info("Launched Trino (pid {}) on 127.0.0.1:{}; log: {}", process.pid(), port, logFile);

    EmbeddedTrino trino = new EmbeddedTrino(process, port, logFile, pidFile);
    try {
      trino.awaitReady(startupTimeout, logStart, tpch);
    } catch (RuntimeException e) {
      trino.close();
      throw e;
    }
    log.info("Trino ready at {} in {} s", trino.httpUri(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return trino;
  }

  /**
   * Waits until Trino has started and its node manager lists this node as active. {@code /v1/info}
   * says {@code "starting":false} a few seconds before the node is announced; a query in that gap
   * fails with "No nodes available to run query". The node's catalogs are known to the scheduler
   * a moment after the node itself (a query of a catalog in that gap fails with "nodes is empty"),
   * so with the {@code tpch} catalog a query of it must succeed too.
   */
  private void awaitReady(Duration timeout, long logStart, boolean tpch) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info = HttpRequest.newBuilder(httpUri().resolve("/v1/info"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    awaitCondition(deadline, timeout, logStart, () -> {
      HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && NOT_STARTING.matcher(response.body()).find();
    });
    log.info("Trino has started; waiting for its node to become active");
    try (TrinoDriver driver = new TrinoDriver()) {
      Properties properties = new Properties();
      properties.setProperty("user", "dataflow-gateway");
      awaitCondition(deadline, timeout, logStart, () -> {
        try (Connection connection = driver.connect(jdbcUrl(), properties);
            Statement statement = connection.createStatement();
            ResultSet nodes = statement.executeQuery(ACTIVE_NODES)) {
          if (!nodes.next() || nodes.getLong(1) == 0) {
            return false;
          }
          if (tpch) {
            try (ResultSet rows = statement.executeQuery(CATALOG_NODES)) {
              return rows.next();
            }
          }
          return true;
        } catch (SQLException e) {
          log.debug("Trino not ready for queries yet: {}", e.toString());
          return false;
        }
      });
    } catch (IOException e) {
      log.debug("Closing the readiness check's JDBC driver failed: {}", e.toString());
    }
  }

  private interface ReadinessCheck {
    boolean ready() throws IOException, InterruptedException;
  }

  private void awaitCondition(long deadline, Duration timeout, long logStart, ReadinessCheck check) {
    while (true) {
      if (!process.isAlive()) {
        throw new TrinoLaunchException("Trino exited with code " + process.exitValue()
            + " while starting; see " + logFile + ". Its last lines:\n" + logTail(logStart));
      }
      try {
        if (check.ready()) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        log.debug("Trino not answering yet: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrinoLaunchException("Interrupted while waiting for Trino to start", e);
      }
      if (System.nanoTime() > deadline) {
        throw new TrinoLaunchException("Trino did not become ready within " + timeout.toSeconds()
            + " s; raise trino.embedded.startupTimeout or see " + logFile + ". Its last lines:\n"
            + logTail(logStart));
      }
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrinoLaunchException("Interrupted while waiting for Trino to start", e);
      }
    }
  }

  /** {@code jdbc:trino://127.0.0.1:<port>}. */
  public String jdbcUrl() {
    return "jdbc:trino://" + EtcFiles.LOOPBACK + ":" + port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI httpUri() {
    return URI.create("http://" + EtcFiles.LOOPBACK + ":" + port);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** Trino's stdout and stderr, appended to across starts. */
  public Path logFile() {
    return logFile;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops Trino: SIGTERM, then SIGKILL after 30 s. Calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process.isAlive()) {
      log.info("Stopping Trino (pid {})", process.pid());
      PidFile.stop(process.toHandle(), STOP_GRACE_PERIOD);
    }
    try {
      pidFile.delete();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove Trino's pid file " + pidFile.path(), e);
    }
  }

  private String logTail(long fromOffset) {
    try {
      List<String> lines = tail(logFile, fromOffset, LOG_TAIL_LINES);
      return String.join("\n", lines);
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  static List<String> tail(Path file, long fromOffset, int lineCount) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int from = (int) Math.min(Math.max(fromOffset, 0), bytes.length);
    List<String> lines = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).lines().toList();
    return lines.subList(Math.max(0, lines.size() - lineCount), lines.size());
  }

  static Map<String, Map<String, String>> checkCatalogs(Map<String, Map<String, String>> catalogs) {
    requireNonNull(catalogs, "catalogs is null");
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    catalogs.forEach((name, properties) -> {
      if (!CATALOG_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Invalid catalog name '" + name
            + "': expected lower-case letters, digits and underscores, starting with a letter");
      }
      if (properties == null || !properties.containsKey("connector.name")) {
        throw new IllegalArgumentException(
            "Catalog '" + name + "' has no connector.name: every catalog needs one, e.g. connector.name=iceberg");
      }
      copy.put(name, Map.copyOf(properties));
    });
    return copy;
  }

  static Map<String, Map<String, String>> withTpch(Map<String, Map<String, String>> catalogs, boolean tpch) {
    Map<String, Map<String, String>> all = new LinkedHashMap<>(catalogs);
    if (tpch) {
      all.putIfAbsent("tpch", Map.of("connector.name", "tpch"));
    }
    return Map.copyOf(all);
  }

  static int checkPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(EtcFiles.LOOPBACK), port));
      return port;
    } catch (IOException e) {
      throw new TrinoLaunchException("Port " + port + " on 127.0.0.1 is already in use: stop what uses it, "
          + "or set trino.embedded.port to another port (0 picks a free one)", e);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(EtcFiles.LOOPBACK))) {
      return socket.getLocalPort();
    }
  }

  /** The same JDK as the gateway's: it is known to be new enough, and no other needs installing. */
  private static String currentJavaBinary() {
    return ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static void checkJavaVersion() {
    int feature = Runtime.version().feature();
    if (feature < MINIMUM_JAVA) {
      throw new TrinoLaunchException("The embedded Trino needs Java " + MINIMUM_JAVA + " or newer, and "
          + "runs on the gateway's own JVM, which is Java " + feature + ": run the gateway on JDK 25");
    }
  }
}
