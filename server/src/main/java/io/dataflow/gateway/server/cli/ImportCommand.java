package io.dataflow.gateway.server.cli;

import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.change.Fingerprints;
import io.dataflow.gateway.importer.change.ImportBaseline;
import io.dataflow.gateway.importer.change.ImportComparison;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.ArgumentGroup;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code import}: reads the DAGs of a live Airflow or of a snapshot, prints per DAG its tasks, its
 * schedule and how each SQL template was recovered, compares them with a baseline when given, and can
 * write the imported model and the next baseline as JSON.
 *
 * <pre>
 * import (--url URL --airflow-version 2|3 [--user USER --password-env VAR | --token-env VAR] | --snapshot DIR)
 *        [--dag-id-pattern PATTERN] [--tag TAG ...] [--paused true|false]
 *        [--baseline FILE] [--write-baseline FILE] [--json FILE]
 * </pre>
 *
 * Exit status 0 when the import ran, also when single DAGs could not be read (they are listed and
 * counted as failed); 1 when it could not run at all.
 */
public final class ImportCommand extends AirflowCommand {

  static final String BASELINE = "baseline";
  static final String WRITE_BASELINE = "write_baseline";
  static final String JSON = "json";

  private final Clock clock;

  public ImportCommand() {
    this(System.out, System::getenv, Clock.systemUTC());
  }

  ImportCommand(PrintStream out, Function<String, String> environment, Clock clock) {
    super("import", "Imports Airflow DAGs from a live Airflow or a snapshot written by export, prints what was"
        + " found and, with a baseline, what changed since the last import. Secrets come from environment"
        + " variables only.", out, environment);
    this.clock = clock;
  }

  @Override
  public void configure(Subparser subparser) {
    AirflowSource.configure(subparser, "a snapshot directory written by export, read without network");
    ArgumentGroup files = subparser.addArgumentGroup("change detection and output");
    files.addArgument("--baseline").dest(BASELINE).metavar("FILE")
        .help("compare with this baseline (written by --write-baseline) and print what is new, changed,"
            + " unchanged, removed and failed; use the same DAG filters as when it was written");
    files.addArgument("--write-baseline").dest(WRITE_BASELINE).metavar("FILE")
        .help("write the baseline for the next import (may be the --baseline file itself)");
    files.addArgument("--json").dest(JSON).metavar("FILE").help("write the imported DAGs as JSON");
  }

  @Override
  void execute(Namespace namespace) {
    AirflowSource source = AirflowSource.of(namespace, environment, getName());
    DagFilter filter = AirflowSource.filter(namespace);
    Optional<Path> baselineFile = path(namespace, BASELINE);
    Optional<Path> nextBaselineFile = path(namespace, WRITE_BASELINE);
    Optional<Path> jsonFile = path(namespace, JSON);
    nextBaselineFile.ifPresent(f -> ModelJson.checkWritable(f, "--write-baseline"));
    jsonFile.ifPresent(f -> ModelJson.checkWritable(f, "--json"));
    Optional<ImportBaseline> baseline = baselineFile.map(ModelJson::readBaseline);
    if (baseline.isPresent() && baseline.get().version() != Fingerprints.VERSION) {
      throw new CommandLineException("The baseline " + baselineFile.get() + " was computed with fingerprint version "
          + baseline.get().version() + ", this gateway computes version " + Fingerprints.VERSION + ": comparing would"
          + " be meaningless; start over with --write-baseline alone");
    }

    ImportResult result = source.importDags(filter);

    ImportReport.printImport(out, source.describe(), result);
    ImportBaseline next = ImportBaseline.of(result);
    if (baseline.isPresent()) {
      ImportComparison comparison;
      try {
        comparison = ImportComparison.compare(baseline.get(), result);
      } catch (IllegalArgumentException e) {
        throw new CommandLineException("Cannot compare with the baseline " + baselineFile.get() + ": " + e.getMessage(), e);
      }
      ImportReport.printChanges(out, baselineFile.get().toString(), comparison);
      next = comparison.nextBaseline();
    }
    if (jsonFile.isPresent() || nextBaselineFile.isPresent()) {
      out.println();
    }
    if (jsonFile.isPresent()) {
      ModelJson.write(jsonFile.get(), ModelJson.ImportedModel.of(source.describe(), clock.instant(), result), "--json");
      out.println("Wrote the imported DAGs to " + jsonFile.get());
    }
    if (nextBaselineFile.isPresent()) {
      ModelJson.write(nextBaselineFile.get(), next, "--write-baseline");
      out.println("Wrote the baseline for the next import to " + nextBaselineFile.get());
    }
  }

  private static Optional<Path> path(Namespace namespace, String dest) {
    String value = namespace.getString(dest);
    if (value != null && value.isBlank()) {
      throw new CommandLineException("--" + dest.replace('_', '-') + " needs a file name");
    }
    return Optional.ofNullable(value).map(Path::of);
  }
}
