package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.server.GatewayConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code import} and {@code export} through Dropwizard's {@link Cli}, as the launcher does, with
 * a given environment and the output captured.
 */
final class Launcher {

  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  /** What one run printed, and whether it failed (the launcher then exits with status 1). */
  record Run(Optional<Throwable> failure, String out, String err) {
    boolean succeeded() {
      return failure.isEmpty();
    }

    /** Everything the run printed. */
    String printed() {
      return out + err;
    }
  }

  private final Map<String, String> environment;

  Launcher(Map<String, String> environment) {
    this.environment = environment;
  }

  Run run(String... arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream report = new PrintStream(out, true, StandardCharsets.UTF_8);
    Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new Application<>() {
      @Override
      public void run(GatewayConfiguration configuration, Environment environment) {}
    });
    bootstrap.addCommand(new ImportCommand(report, environment::get, Clock.fixed(NOW, ZoneOffset.UTC)));
    bootstrap.addCommand(new ExportCommand(report, environment::get));
    bootstrap.addCommand(new AnalyzeCommand(report, environment::get, Clock.fixed(NOW, ZoneOffset.UTC)));
    Cli cli = new Cli(new JarLocation(Launcher.class), bootstrap, out, err);
    Optional<Throwable> failure = cli.run(arguments);
    report.flush();
    return new Run(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
