package io.dataflow.gateway.server.cli;

import static io.dataflow.gateway.server.cli.CommandLineException.oneLine;

import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowException;
import io.dataflow.gateway.importer.AirflowImporter;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ExportResult;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.Importers;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.ArgumentGroup;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * Where the DAGs come from, as the command line says: a live Airflow ({@code --url}, {@code
 * --airflow-version} and the credentials, whose secrets are read from environment variables) or a
 * snapshot directory ({@code --snapshot}); and which DAGs ({@code --dag-id-pattern}, {@code --tag},
 * {@code --paused}). Every failure of the importer is turned into one line saying what is wrong and
 * what to do.
 *
 * <p>The arguments are declared loosely (plain strings, nothing required) and checked here, so that a
 * wrong combination is reported as one line rather than with the parser's help screen.
 */
final class AirflowSource {

  static final String URL = "url";
  static final String VERSION = "airflow_version";
  static final String USER = "user";
  static final String PASSWORD_ENV = "password_env";
  static final String TOKEN_ENV = "token_env";
  static final String PASSWORD = "password";
  static final String TOKEN = "token";
  static final String SNAPSHOT = "snapshot";
  static final String DAG_ID_PATTERN = "dag_id_pattern";
  static final String TAGS = "tags";
  static final String PAUSED = "paused";

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern AIRFLOW_VERSION = Pattern.compile("([23])(\\.[0-9A-Za-z.+-]*)?");

  private final Optional<AirflowConnection> connection;
  private final Optional<Path> snapshot;

  private AirflowSource(Optional<AirflowConnection> connection, Optional<Path> snapshot) {
    this.connection = connection;
    this.snapshot = snapshot;
  }

  /** Declares the source and filter arguments of a command. */
  static void configure(Subparser parser, String snapshotHelp) {
    ArgumentGroup live = parser.addArgumentGroup("a live Airflow");
    live.addArgument("--url").dest(URL).metavar("URL")
        .help("the Airflow webserver's root address, e.g. https://airflow.example.com (without /api/v1)");
    live.addArgument("--airflow-version").dest(VERSION).metavar("2|3")
        .help("2 for Airflow 2.x (REST API /api/v1), 3 for Airflow 3.x (/api/v2)");
    live.addArgument("--user").dest(USER).metavar("USER")
        .help("the Airflow user: basic authentication on Airflow 2, the token flow (POST /auth/token) on Airflow 3");
    live.addArgument("--password-env").dest(PASSWORD_ENV).metavar("VAR")
        .help("the name of the environment variable holding the password of --user");
    live.addArgument("--token-env").dest(TOKEN_ENV).metavar("VAR")
        .help("the name of the environment variable holding a bearer token (instead of --user)");
    // caught to explain why secrets are refused, instead of being taken for --password-env / --token-env
    live.addArgument("--password").dest(PASSWORD).help(Arguments.SUPPRESS);
    live.addArgument("--token").dest(TOKEN).help(Arguments.SUPPRESS);

    ArgumentGroup offline = parser.addArgumentGroup("an offline snapshot");
    offline.addArgument("--snapshot").dest(SNAPSHOT).metavar("DIR").help(snapshotHelp);

    ArgumentGroup filter = parser.addArgumentGroup("which DAGs");
    filter.addArgument("--dag-id-pattern").dest(DAG_ID_PATTERN).metavar("PATTERN")
        .help("DAG ids containing PATTERN, case-insensitively; % and _ are wildcards (Airflow's dag_id_pattern)");
    filter.addArgument("--tag").dest(TAGS).metavar("TAG").action(Arguments.append())
        .help("DAGs having this tag; repeat for several (any of them)");
    filter.addArgument("--paused").dest(PAUSED).metavar("true|false")
        .help("only paused (true) or only active (false) DAGs");
  }

  /**
   * The source the arguments name.
   *
   * @param environment reads an environment variable (null when unset)
   * @param command the command's name, for the messages
   */
  static AirflowSource of(Namespace namespace, Function<String, String> environment, String command) {
    if (namespace.get(PASSWORD) != null || namespace.get(TOKEN) != null) {
      throw new CommandLineException("Passwords and tokens are never taken on the command line (they would stay in the"
          + " shell history and the process list): put the secret in an environment variable and give its name with"
          + " --password-env VAR (with --user) or --token-env VAR");
    }
    String url = namespace.getString(URL);
    String directory = namespace.getString(SNAPSHOT);
    if (url != null && directory != null) {
      throw new CommandLineException("Give either --url (a live Airflow) or --snapshot (a snapshot directory), not both");
    }
    if (url == null && directory == null) {
      throw new CommandLineException("Say where the DAGs come from: --url URL --airflow-version 2|3 for a live Airflow,"
          + " or --snapshot DIR for a directory written by export; see " + command + " -h");
    }
    if (directory != null) {
      for (String flag : List.of(VERSION, USER, PASSWORD_ENV, TOKEN_ENV)) {
        if (namespace.get(flag) != null) {
          throw new CommandLineException("--" + flag.replace('_', '-') + " applies to a live Airflow (--url), not to"
              + " --snapshot: a snapshot is read without network; leave it out");
        }
      }
      return new AirflowSource(Optional.empty(), Optional.of(Path.of(directory)));
    }
    URI baseUrl = baseUrl(url);
    AirflowVersion version = version(namespace.getString(VERSION));
    Authentication authentication = authentication(namespace, version, environment);
    return new AirflowSource(Optional.of(AirflowConnection.of(baseUrl, version, authentication)), Optional.empty());
  }

  /** The DAG filter the arguments give. */
  static DagFilter filter(Namespace namespace) {
    Optional<String> pattern = Optional.ofNullable(namespace.getString(DAG_ID_PATTERN));
    if (pattern.isPresent() && pattern.get().isBlank()) {
      throw new CommandLineException("--dag-id-pattern is empty: give part of a DAG id, or leave it out for every DAG");
    }
    List<String> tags = Optional.ofNullable(namespace.<String>getList(TAGS)).orElse(List.of());
    if (tags.stream().anyMatch(String::isBlank)) {
      throw new CommandLineException("--tag is empty: give a tag name, or leave it out for every DAG");
    }
    Optional<Boolean> paused = Optional.ofNullable(namespace.getString(PAUSED)).map(value ->
        switch (value.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new CommandLineException("--paused takes true (only paused DAGs) or false (only active"
              + " DAGs), not '" + value + "'; leave it out for both");
        });
    return new DagFilter(pattern, tags, paused);
  }

  /** For the reports: where the DAGs come from, never with credentials. */
  String describe() {
    return connection
        .map(c -> "Airflow " + (c.version() == AirflowVersion.AIRFLOW_2 ? "2" : "3") + " at " + c.baseUrl())
        .orElseGet(() -> "the snapshot " + snapshot.orElseThrow());
  }

  /** Whether this is a live Airflow. */
  boolean live() {
    return connection.isPresent();
  }

  ImportResult importDags(DagFilter filter) {
    AirflowImporter importer = open();
    try {
      return importer.importDags(filter);
    } catch (AirflowException e) {
      throw failure(e);
    }
  }

  ExportResult export(DagFilter filter, Path output) {
    AirflowImporter importer = open();
    try {
      return importer.export(filter, output);
    } catch (AirflowException e) {
      if (e.operation().equals("write snapshot")) {
        throw new CommandLineException("Cannot write the snapshot: " + e.getMessage()
            + "; give --output a directory this user can write to", e);
      }
      throw failure(e);
    }
  }

  private AirflowImporter open() {
    if (connection.isPresent()) {
      return Importers.live(connection.get());
    }
    Path directory = snapshot.orElseThrow();
    String whatToDo = "give --snapshot the directory that export --output wrote";
    if (!Files.exists(directory)) {
      throw new CommandLineException("The snapshot directory " + directory + " does not exist; " + whatToDo);
    }
    if (!Files.isDirectory(directory)) {
      throw new CommandLineException(directory + " is a file, not a snapshot directory; " + whatToDo);
    }
    if (!Files.isRegularFile(directory.resolve("snapshot.json"))) {
      throw new CommandLineException(directory + " is not a snapshot: it has no snapshot.json; " + whatToDo);
    }
    try {
      return Importers.snapshot(directory);
    } catch (AirflowException e) {
      throw new CommandLineException(directory + " is not a readable snapshot: " + e.getMessage() + "; " + whatToDo, e);
    }
  }

  /** One line for a failure of the whole import or export. */
  private CommandLineException failure(AirflowException e) {
    if (connection.isEmpty()) {
      return new CommandLineException("Cannot read the snapshot " + snapshot.orElseThrow() + ": " + e.getMessage()
          + "; the snapshot is incomplete or was changed: export it again", e);
    }
    AirflowConnection airflow = connection.get();
    String at = "Airflow at " + airflow.baseUrl();
    int status = e.status().orElse(0);
    String advice = switch (status) {
      case 0 -> unanswered(e, airflow);
      case 401 -> airflow.authentication() instanceof Authentication.Anonymous
          ? at + " asks for credentials: give --user with --password-env VAR, or --token-env VAR"
          : at + " refused the credentials: check --user and the password in the variable named by --password-env,"
              + " or the token in the variable named by --token-env";
      case 403 -> "the user may not read DAGs: give it read access to DAGs (e.g. the Viewer role) in Airflow";
      case 404 -> "check --url (the webserver's root, e.g. https://airflow.example.com) and --airflow-version"
          + " (Airflow 2 serves /api/v1, Airflow 3 /api/v2)";
      case 429 -> at + " kept asking to slow down: try again later";
      default -> status >= 500
          ? at + " failed to answer: look at the webserver's log and try again"
          : "check --url and --airflow-version";
    };
    return new CommandLineException("Cannot read the DAGs from " + at + ": " + e.getMessage() + "; " + advice, e);
  }

  private static String unanswered(AirflowException e, AirflowConnection airflow) {
    if (cause(e, SSLException.class)) {
      return "the TLS connection failed: if Airflow's certificate is signed by a private CA, put the CA into a trust"
          + " store and run java with -Djavax.net.ssl.trustStore=FILE";
    }
    if (cause(e, HttpTimeoutException.class)) {
      return "Airflow did not answer in time: check that " + airflow.baseUrl() + " is reachable from this machine";
    }
    if (cause(e, ConnectException.class) || cause(e, UnknownHostException.class)) {
      return "Airflow cannot be reached: check --url and that the webserver is running and reachable from this machine";
    }
    if (e.getMessage().contains("does not fit the spec")) {
      return "the answer is not what Airflow " + (airflow.version() == AirflowVersion.AIRFLOW_2 ? "2" : "3")
          + " sends: check --airflow-version and --url";
    }
    return "check --url and that the webserver is reachable from this machine";
  }

  private static boolean cause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static URI baseUrl(String url) {
    String example = "e.g. --url https://airflow.example.com";
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new CommandLineException("--url is not a valid address (" + e.getReason() + "); give the Airflow"
          + " webserver's root address, " + example);
    }
    if (uri.getRawUserInfo() != null) {
      // not echoed: the user part may hold a password
      throw new CommandLineException("--url must not contain credentials (user:password@): give the user with --user"
          + " and the password through --password-env VAR");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new CommandLineException("--url must be the http or https address of the Airflow webserver, " + example
          + "; got '" + url + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new CommandLineException("--url must be the webserver's root address, without a query or a fragment, "
          + example);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    if (path.endsWith("/api/v1") || path.endsWith("/api/v2")) {
      throw new CommandLineException("--url is the webserver's root address: leave out " + path.substring(path.length() - 7)
          + ", which the importer adds itself (--airflow-version chooses it)");
    }
    return uri;
  }

  private static AirflowVersion version(String value) {
    if (value == null) {
      throw new CommandLineException("--url needs --airflow-version: 2 for Airflow 2.x (REST API /api/v1) or 3 for"
          + " Airflow 3.x (/api/v2)");
    }
    var matcher = AIRFLOW_VERSION.matcher(value.strip());
    if (!matcher.matches()) {
      throw new CommandLineException("--airflow-version takes 2 (Airflow 2.x, /api/v1) or 3 (Airflow 3.x, /api/v2),"
          + " not '" + value + "'");
    }
    return matcher.group(1).equals("2") ? AirflowVersion.AIRFLOW_2 : AirflowVersion.AIRFLOW_3;
  }

  private static Authentication authentication(
      Namespace namespace, AirflowVersion version, Function<String, String> environment) {
    String user = namespace.getString(USER);
    String passwordVariable = namespace.getString(PASSWORD_ENV);
    String tokenVariable = namespace.getString(TOKEN_ENV);
    if (tokenVariable != null) {
      if (user != null || passwordVariable != null) {
        throw new CommandLineException("Give either --token-env VAR, or --user with --password-env VAR, not both");
      }
      return new Authentication.Bearer(secret(environment, tokenVariable, "--token-env", "AIRFLOW_TOKEN").strip());
    }
    if (user == null && passwordVariable == null) {
      return new Authentication.Anonymous();
    }
    if (user == null || user.isBlank()) {
      throw new CommandLineException("--password-env needs --user: the Airflow user whose password the variable holds");
    }
    if (passwordVariable == null) {
      throw new CommandLineException("--user needs --password-env VAR: the name of the environment variable holding"
          + " the password (passwords are never taken on the command line)");
    }
    String password = secret(environment, passwordVariable, "--password-env", "AIRFLOW_PASSWORD");
    return version == AirflowVersion.AIRFLOW_2
        ? new Authentication.Basic(user, password)
        : new Authentication.TokenFlow(user, password);
  }

  /**
   * The value of the environment variable a flag names. The name is not repeated in messages: someone
   * who gave the secret itself instead of a name must not see it printed.
   */
  private static String secret(Function<String, String> environment, String variable, String flag, String example) {
    String how = "export " + example + "=… in the shell (or the service's environment) and pass " + flag + " " + example;
    if (!VARIABLE.matcher(variable).matches()) {
      throw new CommandLineException(flag + " takes the name of an environment variable (letters, digits and _),"
          + " not the secret itself: " + how);
    }
    String value = environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new CommandLineException("The environment variable named by " + flag + " is not set or is empty: " + how);
    }
    return value;
  }
}
