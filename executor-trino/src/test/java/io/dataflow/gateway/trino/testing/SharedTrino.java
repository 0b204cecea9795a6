package io.dataflow.gateway.trino.testing;

import io.dataflow.gateway.trino.embedded.EmbeddedTrino;
import io.dataflow.gateway.trino.embedded.EmbeddedTrinoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real embedded Trino for every integration test of a JVM: started on first use, stopped by a
 * shutdown hook. It has only the {@code tpch} catalog, listens on a free port of 127.0.0.1 and keeps
 * its files in a temporary data directory; the Trino artifacts come from the shared cache
 * ({@code ~/.cache/dataflow-gateway}), so only the first run on a machine downloads them.
 *
 * <p>Other modules reuse it through this module's {@code test-jar}. Starting Trino takes 10-20 s,
 * which is why it is shared and not started per test class.
 */
public final class SharedTrino {
  private static EmbeddedTrino trino;

  private SharedTrino() {}

  /** The running Trino, started now if this is the first call in this JVM. */
  public static synchronized EmbeddedTrino get() {
    if (trino == null) {
      Path dataDirectory = createDataDirectory();
      EmbeddedTrinoConfig config = EmbeddedTrinoConfig.defaults().withPort(0).withTpch(true);
      EmbeddedTrino started = EmbeddedTrino.start(config, dataDirectory, Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        deleteQuietly(dataDirectory);
      }, "shared-trino-stop"));
      trino = started;
    }
    return trino;
  }

  /**
   * Supplies the Trino of a larger test harness instead, so that a test run starts one Trino: the
   * server module's integration tests register one (through {@link java.util.ServiceLoader}) that
   * hands out the Trino its gateway launched, and run this module's query tests against it.
   */
  public interface Provider {
    /** A Trino with the {@code tpch} catalog. */
    String jdbcUrl();
  }

  /**
   * {@code jdbc:trino://127.0.0.1:<port>} of the Trino that a {@link Provider} supplies, or of
   * {@link #get()} when there is none.
   */
  public static String jdbcUrl() {
    return java.util.ServiceLoader.load(Provider.class).findFirst().map(Provider::jdbcUrl).orElseGet(() -> get().jdbcUrl());
  }

  private static Path createDataDirectory() {
    try {
      return Files.createTempDirectory("shared-trino-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a data directory for the shared test Trino", e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Only a temporary directory is left behind.
    }
  }
}
