package io.dataflow.gateway.server.cli;

import io.dropwizard.core.cli.Command;
import java.util.List;

/** The importer's commands of the gateway's launcher: {@code import} and {@code export}. */
public final class ImporterCommands {

  private ImporterCommands() {}

  /** The commands, to be added to the application's bootstrap. */
  public static List<Command> all() {
    return List.of(new ImportCommand(), new ExportCommand());
  }
}
