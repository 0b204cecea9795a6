package io.dataflow.gateway.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflow.gateway.annotator.AnnotationException;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code annotate [FILE] [--dialect D] [--schema FILE]}: reads one task's SQL template from a file
 * (or standard input when there is none, or it is {@code -}) and prints its annotation as JSON
 * ({@link AnnotationJson}). Without a schema the SQL is read syntactically, as the annotation then
 * says. A mistake the user can fix is printed as one line on standard error and the launcher exits
 * with status 1.
 */
public final class AnnotateCommand extends Command {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private final PrintStream out;
  private final InputStream in;

  public AnnotateCommand() {
    this(System.out, System.in);
  }

  AnnotateCommand(PrintStream out, InputStream in) {
    super("annotate", "Prints the annotation of a task's SQL (tables read and written, partition"
        + " dependencies, lineage, semantics class) as JSON");
    this.out = out;
    this.in = in;
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("file").nargs("?").metavar("FILE")
        .help("the file holding the task's SQL template; standard input when left out or -");
    subparser.addArgument("--dialect").dest("dialect").metavar("DIALECT").setDefault("trino")
        .help("the dialect of the task's connection: trino (default), postgresql, hive, spark or mysql");
    subparser.addArgument("--schema").dest("schema").metavar("FILE")
        .help("a JSON or YAML file listing the tables: {\"tables\": [{\"name\": \"raw.t\","
            + " \"columns\": {\"day\": \"DATE\"}, \"partitioned_by\": [\"day\"]}]}");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    try {
      Dialect dialect = dialect(namespace.getString("dialect"));
      SchemaProvider schema = Optional.ofNullable(namespace.getString("schema"))
          .<SchemaProvider>map(f -> SchemaFile.read(Path.of(f))).orElse(SchemaProvider.none());
      String file = namespace.getString("file");
      String where = file == null || file.equals("-") ? "standard input" : file;
      String sql = read(file);
      TaskAnnotation annotation;
      try {
        annotation = SemanticAnnotator.create().annotate(sql, dialect, schema);
      } catch (AnnotationException e) {
        throw new CommandLineException("The SQL in " + where + " cannot be annotated: " + e.getMessage(), e);
      }
      out.println(MAPPER.writeValueAsString(AnnotationJson.of(annotation)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An annotation could not be written as JSON", e);
    } finally {
      out.flush();
    }
  }

  private static Dialect dialect(String name) {
    try {
      return Dialect.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLineException("--dialect takes one of "
          + Arrays.stream(Dialect.values()).map(d -> d.name().toLowerCase(Locale.ROOT)).toList()
          + ", not '" + name + "'");
    }
  }

  private String read(String file) {
    try {
      if (file == null || file.equals("-")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new CommandLineException("The SQL file " + file + " does not exist or is not a file;"
            + " give the file holding the task's SQL, or - to read standard input");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandLineException("Cannot read the SQL from " + (file == null ? "standard input" : file)
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    if (error instanceof CommandLineException expected) {
      cli.getStdErr().println(getName() + ": " + expected.getMessage());
      return;
    }
    cli.getStdErr().println(getName() + ": unexpected failure, please report it with what follows: " + error);
    error.printStackTrace(cli.getStdErr());
  }
}
