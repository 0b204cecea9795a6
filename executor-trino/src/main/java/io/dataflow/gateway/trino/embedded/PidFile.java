package io.dataflow.gateway.trino.embedded;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pid file of the embedded Trino, so that a Trino orphaned by a {@code kill -9} of the gateway is
 * found and stopped on the next start instead of holding the port and the data directory.
 */
final class PidFile {
  private static final Logger log = LoggerFactory.getLogger(PidFile.class);

  /** What identifies a Trino server on a command line; anything else with a reused pid is left alone. */
  static final String TRINO_MAIN_CLASS = "io.trino.server.TrinoServer";

  private final Path file;

  PidFile(Path file) {
    this.file = requireNonNull(file, "file is null");
  }

  Path path() {
    return file;
  }

  void write(long pid) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, pid + "\n");
  }

  /** The recorded pid; empty when there is no pid file or it holds no number. */
  Optional<Long> read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      log.warn("Ignoring pid file {}: '{}' is not a process id", file, text);
      return Optional.empty();
    }
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * Stops the Trino that the pid file names, if it still runs, and removes the pid file. A pid that
   * is dead, or now belongs to some other program, only has its pid file removed.
   *
   * @return whether a running orphan was stopped
   */
  boolean stopOrphan(Duration gracePeriod) throws IOException {
    Optional<Long> pid = read();
    boolean stopped = false;
    if (pid.isPresent()) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
      if (process.isEmpty()) {
        log.info("Removing stale pid file {}: process {} is gone", file, pid.get());
      } else if (!commandLine(process.get()).contains(TRINO_MAIN_CLASS)) {
        log.info("Removing stale pid file {}: process {} is not Trino any more", file, pid.get());
      } else {
        log.warn("Found Trino (pid {}) left running by an earlier gateway; stopping it", pid.get());
        stop(process.get(), gracePeriod);
        stopped = true;
      }
    }
    delete();
    return stopped;
  }

  /** SIGTERM, then SIGKILL after {@code gracePeriod}. */
  static void stop(ProcessHandle process, Duration gracePeriod) {
    CompletableFuture<ProcessHandle> exited = process.onExit();
    process.destroy();
    try {
      exited.get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Process {} did not stop within {} s of SIGTERM; killing it", process.pid(), gracePeriod.toSeconds());
      process.destroyForcibly();
      exited.orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> process).join();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Waiting for process " + process.pid() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The full command line; {@code /proc} is the fallback where the JDK reports none. */
  static String commandLine(ProcessHandle process) {
    Optional<String> fromJdk = process.info().commandLine();
    if (fromJdk.isPresent()) {
      return fromJdk.get();
    }
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}
