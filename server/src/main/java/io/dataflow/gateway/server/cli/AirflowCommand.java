package io.dataflow.gateway.server.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * A command reading Airflow DAGs, needing no configuration file. A failure the user can fix ({@link
 * CommandLineException}) is printed as one line on standard error, without a stack trace; the
 * launcher then ends with exit status 1.
 */
abstract class AirflowCommand extends Command {

  /** Where the command's report goes. */
  protected final PrintStream out;

  /** Reads an environment variable, null when it is not set. */
  protected final Function<String, String> environment;

  AirflowCommand(String name, String description, PrintStream out, Function<String, String> environment) {
    super(name, description);
    this.out = out;
    this.environment = environment;
  }

  @Override
  public final void run(Bootstrap<?> bootstrap, Namespace namespace) {
    try {
      execute(namespace);
    } finally {
      out.flush();
    }
  }

  /** Does the command's work, throwing {@link CommandLineException} for anything the user can fix. */
  abstract void execute(Namespace namespace);

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    if (error instanceof CommandLineException expected) {
      cli.getStdErr().println(getName() + ": " + expected.getMessage());
      return;
    }
    // a bug rather than a mistake of the user: the stack trace is what a report needs
    cli.getStdErr().println(getName() + ": unexpected failure, please report it with what follows: " + error);
    error.printStackTrace(cli.getStdErr());
  }
}
