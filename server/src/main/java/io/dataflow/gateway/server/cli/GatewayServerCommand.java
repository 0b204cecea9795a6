package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.server.GatewayStartupException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import java.net.BindException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's {@code server} command, with start-up failures the user can fix reported as one
 * line saying what is wrong and what to do, instead of a stack trace (kept at debug level).
 */
public final class GatewayServerCommand<T extends Configuration> extends ServerCommand<T> {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServerCommand.class);

  public GatewayServerCommand(Application<T> application) {
    super(application);
  }

  @Override
  protected void run(Environment environment, Namespace namespace, T configuration) throws Exception {
    Server server = configuration.getServerFactory().build(environment);
    try {
      server.addEventListener(
          new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
              cleanup();
            }
          });
      cleanupAsynchronously();
      server.start();
      Thread.ofPlatform().name("dw-awaiter").start(() -> {
        try {
          server.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    } catch (Exception e) {
      if (explain(e) == null) {
        LOG.error("Unable to start the gateway, shutting down", e);
      } else {
        LOG.debug("Unable to start the gateway, shutting down", e);
      }
      try {
        server.stop();
      } catch (Exception stopFailure) {
        LOG.warn("Failure while stopping after a failed start", stopFailure);
      }
      cleanup();
      throw e;
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    String message = explain(error);
    if (message == null) {
      super.onError(cli, namespace, error);
      return;
    }
    cli.getStdErr().println("gateway: " + message);
  }

  /** The one-line explanation of a failure the user can fix, or null for an unexpected one. */
  static String explain(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof GatewayStartupException startup) {
        return startup.getMessage();
      }
      if (cause instanceof BindException) {
        return "a port is already in use (" + error.getMessage() + "); stop the other process or"
            + " change server.applicationConnectors / server.adminConnectors in the configuration";
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
