package io.dataflow.gateway.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cleans the data directory of a gateway started by a test or a benchmark: a run killed half-way
 * leaves its Trino and PostgreSQL running, found again through their pid files.
 */
public final class Leftovers {

  private Leftovers() {}

  /** Stops the Trino and the PostgreSQL an interrupted earlier run left behind in {@code directory}. */
  public static void stop(Path directory) {
    for (Path pidFile : List.of(directory.resolve("trino/trino.pid"), directory.resolve("postgres/postmaster.pid"))) {
      try {
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        ProcessHandle.of(pid).ifPresent(process -> {
          process.destroy();
          process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
            process.destroyForcibly();
            return process;
          }).join();
        });
      } catch (IOException | RuntimeException e) {
        // no pid file, or nothing left running under that id
      }
    }
  }

  /** Deletes {@code directory} and everything in it, if it exists. */
  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
