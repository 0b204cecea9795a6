package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.server.migration.ReadinessReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.ArgumentGroup;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code analyze}: the readiness report of every DAG of a live Airflow or a snapshot, before anything
 * is migrated — per task whether the dataflow can run it and why, its semantics class and
 * dependencies, and the risks of the DAG as it runs today — as Markdown (default) or JSON.
 *
 * <pre>
 * analyze (--url URL --airflow-version 2|3 [--user USER --password-env VAR | --token-env VAR] | --snapshot DIR)
 *         [--dag-id-pattern PATTERN] [--tag TAG ...] [--paused true|false] [--schema FILE] [--format markdown|json]
 * </pre>
 */
public final class AnalyzeCommand extends AirflowCommand {

  static final String SCHEMA = "schema";
  static final String FORMAT = "format";

  private final Clock clock;

  public AnalyzeCommand() {
    this(System.out, System::getenv, Clock.systemUTC());
  }

  AnalyzeCommand(PrintStream out, Function<String, String> environment, Clock clock) {
    super("analyze", "Reports how ready each DAG is for the dataflow and the risks of the DAG as it runs today,"
        + " from a live Airflow or a snapshot written by export. Secrets come from environment variables only.", out, environment);
    this.clock = clock;
  }

  @Override
  public void configure(Subparser subparser) {
    AirflowSource.configure(subparser, "a snapshot directory written by export, read without network");
    ArgumentGroup output = subparser.addArgumentGroup("analysis and output");
    output.addArgument("--schema").dest(SCHEMA).metavar("FILE")
        .help("the tables' schemas (JSON or YAML, as for annotate), so that columns and partitions are resolved;"
            + " without it the SQL is read syntactically");
    output.addArgument("--format").dest(FORMAT).metavar("markdown|json").setDefault("markdown")
        .help("markdown (default), readable in a terminal and a pull request, or json");
  }

  @Override
  void execute(Namespace namespace) {
    String format = namespace.getString(FORMAT).toLowerCase(Locale.ROOT);
    if (!format.equals("markdown") && !format.equals("json")) {
      throw new CommandLineException("--format takes markdown or json, not '" + namespace.getString(FORMAT) + "'");
    }
    SchemaProvider schema = path(namespace, SCHEMA).<SchemaProvider>map(SchemaFile::read).orElse(SchemaProvider.none());
    AirflowSource source = AirflowSource.of(namespace, environment, getName());
    ImportResult result = source.importDags(AirflowSource.filter(namespace));
    List<ReadinessReport> reports = ReadinessReport.offline(result.dags(), schema, clock.instant());
    if (format.equals("json")) {
      try {
        out.println(ModelJson.MAPPER.writeValueAsString(reports));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new CommandLineException("Cannot write the reports as JSON: " + e.getMessage(), e);
      }
      return;
    }
    out.println("Readiness of " + reports.size() + " DAG(s) from " + source.describe() + "\n");
    reports.forEach(report -> out.println(report.markdown()));
    for (ImportFailure failure : result.failures()) {
      out.println("- DAG `" + failure.dagId() + "` could not be read (" + failure.where() + "): " + failure.reason());
    }
  }

  private static java.util.Optional<Path> path(Namespace namespace, String dest) {
    return java.util.Optional.ofNullable(namespace.getString(dest)).map(Path::of);
  }
}
