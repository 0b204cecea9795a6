package io.dataflow.gateway.server.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged gateway ({@code target/dataflow-gateway.jar}) run as a separate process. */
final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int adminPort;

  private GatewayProcess(Process process, Path log, int adminPort) {
    this.process = process;
    this.log = log;
    this.adminPort = adminPort;
  }

  static GatewayProcess start(Path config, Path log, int adminPort, List<String> systemProperties) throws IOException {
    return start(config, log, adminPort, systemProperties, java.util.Map.of());
  }

  /** @param environment variables added to the gateway's environment */
  static GatewayProcess start(Path config, Path log, int adminPort, List<String> systemProperties,
      java.util.Map<String, String> environment) throws IOException {
    Path jar = Path.of("target", "dataflow-gateway.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the integration tests run after packaging");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.addAll(systemProperties);
    command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new GatewayProcess(process, log, adminPort);
  }

  /** Waits until the health checks pass, or fails with the end of the log. */
  void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The gateway exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("The gateway did not become healthy in " + timeout + ":\n" + tail());
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("The gateway did not exit in " + timeout + ":\n" + tail());
    }
    return process.exitValue();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL: the gateway gets no chance to stop anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops the gateway. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
