package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ExportResult;
import io.dataflow.gateway.importer.ImportFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code export}: writes an offline snapshot (the Airflow API's own JSON documents) of the DAGs of a live
 * Airflow, or a part of an existing snapshot, into a new or empty directory, for {@code import
 * --snapshot} to read without network.
 *
 * <pre>
 * export (--url URL --airflow-version 2|3 [--user USER --password-env VAR | --token-env VAR] | --snapshot DIR)
 *        [--dag-id-pattern PATTERN] [--tag TAG ...] [--paused true|false] --output DIR
 * </pre>
 */
public final class ExportCommand extends AirflowCommand {

  static final String OUTPUT = "output";

  public ExportCommand() {
    this(System.out, System::getenv);
  }

  ExportCommand(PrintStream out, Function<String, String> environment) {
    super("export", "Writes an offline snapshot of Airflow DAGs (the REST API's own JSON documents) into a new or"
        + " empty directory, for import --snapshot. Secrets come from environment variables only.", out, environment);
  }

  @Override
  public void configure(Subparser subparser) {
    AirflowSource.configure(subparser, "an existing snapshot to copy the DAGs passing the filters from");
    subparser.addArgumentGroup("output").addArgument("--output").dest(OUTPUT).metavar("DIR")
        .help("the directory to write the snapshot into: new or empty (required)");
  }

  @Override
  void execute(Namespace namespace) {
    AirflowSource source = AirflowSource.of(namespace, environment, getName());
    DagFilter filter = AirflowSource.filter(namespace);
    String output = namespace.getString(OUTPUT);
    if (output == null || output.isBlank()) {
      throw new CommandLineException("Give the directory to write the snapshot into with --output DIR (new or empty)");
    }
    Path directory = Path.of(output);
    checkEmpty(directory);

    ExportResult result = source.export(filter, directory);

    out.println("Exported " + result.dagIds().size() + " DAG" + (result.dagIds().size() == 1 ? "" : "s") + " from "
        + source.describe() + " to " + directory + ", " + result.failures().size() + " failed");
    for (String dagId : result.dagIds()) {
      out.println("  " + dagId);
    }
    if (!result.failures().isEmpty()) {
      out.println();
      out.println("Not exported:");
      for (ImportFailure failure : result.failures()) {
        out.println("  " + failure.dagId() + ": " + CommandLineException.oneLine(failure.where()) + ": "
            + CommandLineException.oneLine(failure.reason()));
      }
    }
    out.println();
    out.println("Import it without network: java -jar dataflow-gateway.jar import --snapshot " + directory);
  }

  private static void checkEmpty(Path directory) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new CommandLineException("--output " + directory + " is a file: give a new or empty directory");
    }
    if (Files.isDirectory(directory)) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw new CommandLineException("--output " + directory + " is not empty: give a new or empty directory"
              + " (an export never mixes with or deletes older files)");
        }
      } catch (IOException e) {
        throw new CommandLineException("Cannot read the --output directory " + directory + " (" + e + ");"
            + " give a new or empty directory this user can write to", e);
      }
    }
  }
}
