package io.dataflow.gateway.server.fallback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a {@link FallbackAction.ShellCommand} as Airflow's BashOperator does: {@code bash -c}, with
 * Airflow's context variables in the environment, standard output and error captured together (so
 * their lines stay in order) and bounded in size.
 */
final class ShellRunner {

  /** How long a command has to exit after SIGTERM before it is killed outright. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final int outputLimit;

  ShellRunner(int outputLimit) {
    this.outputLimit = outputLimit;
  }

  RunOutcome run(FallbackAction.ShellCommand action, RunContext context) {
    Optional<Path> temporary = Optional.empty();
    try {
      Path directory;
      if (action.workingDirectory().isPresent()) {
        directory = action.workingDirectory().get();
      } else {
        temporary = Optional.of(Files.createTempDirectory("fallback-" + context.job().taskId() + "-"));
        directory = temporary.get();
      }
      return run(action, context, directory);
    } catch (IOException e) {
      return RunOutcome.failed("Cannot prepare a temporary working directory: " + e.getMessage());
    } finally {
      temporary.ifPresent(ShellRunner::deleteQuietly);
    }
  }

  private RunOutcome run(FallbackAction.ShellCommand action, RunContext context, Path directory) {
    ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", context.render(action.command())))
        .directory(directory.toFile())
        .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.putAll(context.airflowEnvironment());
    action.environment().forEach((name, value) -> environment.put(name, context.render(value)));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return RunOutcome.failed("Cannot start the command in " + directory + ": " + e.getMessage());
    }
    BoundedOutput output = new BoundedOutput(outputLimit);
    Thread reader = Thread.ofVirtual().name("fallback-output-" + process.pid()).start(() -> copy(process.getInputStream(), output));
    Optional<String> stopped = Optional.empty();
    try {
      if (!process.waitFor(action.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        stopped = Optional.of("timed out after " + action.timeout() + "; the command and its child processes were killed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = Optional.of("interrupted because the gateway is stopping; the command and its child processes were killed");
    }
    if (stopped.isPresent()) {
      kill(process);
    }
    int exitCode = awaitExit(process);
    try {
      // a child that outlived the command may hold the pipe open; do not wait for it forever
      reader.join(GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String text = output.text();
    if (stopped.isPresent()) {
      return new RunOutcome(false, Optional.of(exitCode), text, stopped, Optional.empty());
    }
    return exitCode == 0
        ? new RunOutcome(true, Optional.of(0), text, Optional.empty(), Optional.empty())
        : new RunOutcome(false, Optional.of(exitCode), text, Optional.of("The command exited with code " + exitCode), Optional.empty());
  }

  private static void copy(InputStream from, BoundedOutput to) {
    byte[] buffer = new byte[8192];
    try (from) {
      for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
        to.write(buffer, 0, read);
      }
    } catch (IOException e) {
      to.write("\n[output ended early: " + e.getMessage() + "]\n");
    }
  }

  /**
   * SIGTERM to the command and everything it started, then SIGKILL to whatever is left after a grace.
   * The shell is signalled before its children: a shell that outlived its child by a moment would go
   * on to the command's next statement.
   */
  private static void kill(Process process) {
    List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private static int awaitExit(Process process) {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return process.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
          process.destroyForcibly();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a file the command left open or protected; the temporary directory is cleaned by the OS later
    }
  }
}
