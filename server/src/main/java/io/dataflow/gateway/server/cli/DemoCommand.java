package io.dataflow.gateway.server.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dataflow.gateway.server.GatewayApplication;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.auth.AuthConfig;
import io.dataflow.gateway.server.auth.Role;
import io.dataflow.gateway.server.demo.Demo;
import io.dataflow.gateway.server.demo.SampleData;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.EnvironmentCommand;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * {@code demo [--small] [config.yml]}: starts the gateway as {@code server} does, runs the {@link Demo}
 * against it, and keeps it running. The gateway's log goes to {@code <dataDirectory>/demo/gateway.log}
 * (warnings and errors also to the console) and requests are not logged, so that the terminal shows
 * the demo.
 */
public final class DemoCommand extends EnvironmentCommand<GatewayConfiguration> {

  private static final String SMALL = "small";

  private final GatewayApplication application;

  public DemoCommand(GatewayApplication application) {
    super(application, "demo", "Start the gateway, import and migrate the example DAG, restate a day and show what reran");
    this.application = application;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser.addArgument("--small").dest(SMALL).action(Arguments.storeTrue())
        .help("generate %d days of transactions instead of %d (faster)".formatted(SampleData.SMALL.days(), SampleData.FULL.days()));
  }

  @Override
  protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration configuration) throws Exception {
    Path log = configuration.getDataDirectory().toAbsolutePath().normalize().resolve("demo").resolve("gateway.log");
    if (configuration.getLoggingFactory() instanceof DefaultLoggingFactory logging) {
      logging.setAppenders(quietConsoleAndFile(log));
      logging.configure(bootstrap.getMetricRegistry(), bootstrap.getApplication().getName());
    }
    if (configuration.getServerFactory() instanceof AbstractServerFactory server
        && server.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requests) {
      requests.setAppenders(List.of());
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = "demo-" + HexFormat.of().formatHex(random);
    AuthConfig auth = configuration.getAuth();
    List<AuthConfig.BootstrapToken> tokens = new ArrayList<>(auth.bootstrapTokens());
    tokens.add(new AuthConfig.BootstrapToken("demo-command", Role.ADMIN, secret));
    configuration.setAuth(new AuthConfig(auth.enabled(), tokens));
    namespace.getAttrs().put("demo-secret", secret);
    namespace.getAttrs().put("demo-started", System.nanoTime());
    System.out.println("Starting the gateway (PostgreSQL, Iceberg catalog, Trino); its log: " + log);
    System.out.flush();
    super.run(bootstrap, namespace, configuration);
  }

  @Override
  protected void run(Environment environment, Namespace namespace, GatewayConfiguration configuration) throws Exception {
    long started = namespace.getLong("demo-started");
    Server server = start(environment, configuration.getServerFactory());
    int port = new ServerLifecycleListener() {
      @Override
      public void serverStarted(Server ignored) {}
    }.getLocalPort(server);
    System.out.println("Gateway ready in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s on http://127.0.0.1:" + port);
    Demo demo = new Demo(URI.create("http://127.0.0.1:" + port + "/"), namespace.getString("demo-secret"),
        configuration.getDataflow().trinoCatalog(), configuration.getDataDirectory().toAbsolutePath().normalize(),
        Boolean.TRUE.equals(namespace.getBoolean(SMALL)) ? SampleData.SMALL : SampleData.FULL,
        () -> application.dataflow().isIdle(), Duration.ofMinutes(15), System.out);
    try {
      demo.run();
    } catch (Exception | Error e) {
      try {
        server.stop();
      } catch (Exception stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
  }

  /** Starts Jetty as {@code server} does; the server keeps the process alive after the demo. */
  private Server start(Environment environment, ServerFactory factory) throws Exception {
    Server server = factory.build(environment);
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStopped(LifeCycle event) {
        cleanup();
      }
    });
    cleanupAsynchronously();
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      cleanup();
      throw e;
    }
    Thread.ofPlatform().name("dw-awaiter").start(() -> {
      try {
        server.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return server;
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    String message = GatewayServerCommand.explain(error);
    for (Throwable cause = error; message == null && cause != null; cause = cause.getCause()) {
      if (cause instanceof io.dataflow.gateway.server.demo.DemoException demo) {
        message = demo.getMessage();
      }
    }
    if (message == null) {
      super.onError(cli, namespace, error);
      return;
    }
    cli.getStdErr().println("demo: " + message);
  }

  private static List<AppenderFactory<ILoggingEvent>> quietConsoleAndFile(Path log) {
    ConsoleAppenderFactory<ILoggingEvent> console = new ConsoleAppenderFactory<>();
    console.setThreshold("WARN");
    FileAppenderFactory<ILoggingEvent> file = new FileAppenderFactory<>();
    file.setCurrentLogFilename(log.toString());
    file.setArchive(false);
    return List.of(console, file);
  }
}
