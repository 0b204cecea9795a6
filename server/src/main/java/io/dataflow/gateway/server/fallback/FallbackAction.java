package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fallback job does when it fires. Every text that reaches the outside world (command, SQL,
 * URL, body, conf values) may use the macros {@link RunContext#render} knows, such as {@code {{ ds }}}.
 *
 * <p>Secrets are never part of an action: HTTP credentials are named as environment variables of the
 * gateway and read when the request is sent, and Airflow credentials belong to the connection the
 * gateway was configured with. An action is stored in the job store as it is given here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FallbackAction.ShellCommand.class, name = "shell"),
    @JsonSubTypes.Type(value = FallbackAction.TrinoSql.class, name = "trino-sql"),
    @JsonSubTypes.Type(value = FallbackAction.HttpCall.class, name = "http"),
    @JsonSubTypes.Type(value = FallbackAction.AirflowDagRun.class, name = "airflow-dag-run")})
public sealed interface FallbackAction {

  /** The longest a run may take, after which it is stopped and recorded as failed. */
  Duration timeout();

  /** A short name of the kind of action, recorded with each run. */
  String kind();

  /**
   * A shell command, as Airflow's BashOperator runs it: {@code bash -c command}.
   *
   * @param command the command line
   * @param environment variables added to the gateway's environment for the command
   * @param workingDirectory where the command runs; a fresh temporary directory (removed afterwards)
   *     when absent, as in Airflow
   * @param timeout after which the command and its children are killed
   */
  record ShellCommand(String command, Map<String, String> environment, Optional<Path> workingDirectory, Duration timeout)
      implements FallbackAction {
    public ShellCommand {
      requireNonNull(command, "command is null");
      requireNonNull(workingDirectory, "workingDirectory is null");
      environment = Map.copyOf(new TreeMap<>(requireNonNull(environment, "environment is null")));
      if (command.isBlank()) {
        throw new IllegalArgumentException("Invalid shell action: the command is blank");
      }
      positive("shell action", timeout);
    }

    @Override
    public String kind() {
      return "shell";
    }
  }

  /**
   * SQL run as it is on Trino (opaque SQL the annotator could not analyse): its statements one after
   * the other, as Airflow's SQL operators run them, the first failure ending the run.
   *
   * @param statements the statements, each without a trailing semicolon
   * @param timeout the longest each statement may run
   */
  record TrinoSql(List<String> statements, Duration timeout) implements FallbackAction {
    public TrinoSql {
      statements = List.copyOf(requireNonNull(statements, "statements is null"));
      if (statements.isEmpty() || statements.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException("Invalid Trino SQL action: no statement, or a blank one, in " + statements);
      }
      positive("Trino SQL action", timeout);
    }

    /** One statement. */
    public TrinoSql(String sql, Duration timeout) {
      this(List.of(requireNonNull(sql, "sql is null")), timeout);
    }

    /** Reads a stored action: {@code statements}, or the single {@code sql} of jobs stored before there were several. */
    @com.fasterxml.jackson.annotation.JsonCreator
    static TrinoSql fromJson(@com.fasterxml.jackson.annotation.JsonProperty("statements") List<String> statements,
        @com.fasterxml.jackson.annotation.JsonProperty("sql") String sql,
        @com.fasterxml.jackson.annotation.JsonProperty("timeout") Duration timeout) {
      return statements != null ? new TrinoSql(statements, timeout) : new TrinoSql(sql, timeout);
    }

    @Override
    public String kind() {
      return "trino-sql";
    }
  }

  /**
   * An HTTP request, like Airflow's SimpleHttpOperator / HttpOperator.
   *
   * @param method GET, POST, PUT, PATCH, DELETE or HEAD
   * @param url the absolute http or https URL, which may hold the macros {@link RunContext#render}
   *     renders ({@code {{ ds }}} and the like), as Airflow's endpoint templates do
   * @param headers headers sent as given; credentials are refused here, see {@code secretHeaders}
   * @param secretHeaders header name to the name of the gateway's environment variable holding its
   *     value (an {@code Authorization}, a {@code Cookie}, an API key): only the variable's name is
   *     stored, the value is read when the request is sent and never recorded
   * @param body the request body, when the request has one
   * @param expectedStatuses the statuses that count as success; empty means any 2xx
   * @param timeout the longest the request may take
   */
  record HttpCall(
      String method,
      String url,
      Map<String, String> headers,
      Map<String, String> secretHeaders,
      Optional<String> body,
      Set<Integer> expectedStatuses,
      Duration timeout) implements FallbackAction {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> CREDENTIAL_HEADERS =
        Set.of("authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token");

    public HttpCall {
      requireNonNull(method, "method is null");
      requireNonNull(url, "url is null");
      requireNonNull(body, "body is null");
      method = method.toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException("Invalid HTTP action: method '" + method + "', expected one of " + new TreeSet<>(METHODS));
      }
      // jobs stored by earlier versions hold their macros percent-encoded
      url = HttpRequests.decodeMacros(url);
      HttpRequests.validUrl(url).ifPresent(problem -> {
        throw new IllegalArgumentException("Invalid HTTP action: " + problem);
      });
      headers = Map.copyOf(new TreeMap<>(requireNonNull(headers, "headers is null")));
      secretHeaders = Map.copyOf(new TreeMap<>(requireNonNull(secretHeaders, "secretHeaders is null")));
      for (String name : headers.keySet()) {
        if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("Invalid HTTP action: header '" + name + "' carries credentials;"
              + " name the environment variable that holds it in secretHeaders instead");
        }
      }
      for (Map.Entry<String, String> secret : secretHeaders.entrySet()) {
        if (secret.getValue().isBlank()) {
          throw new IllegalArgumentException("Invalid HTTP action: secret header '" + secret.getKey()
              + "' names no environment variable");
        }
      }
      expectedStatuses = Set.copyOf(new TreeSet<>(requireNonNull(expectedStatuses, "expectedStatuses is null")));
      for (int status : expectedStatuses) {
        if (status < 100 || status > 599) {
          throw new IllegalArgumentException("Invalid HTTP action: expected status " + status + " is not 100..599");
        }
      }
      positive("HTTP action", timeout);
    }

    /** Whether the response status counts as success. */
    public boolean accepts(int status) {
      return expectedStatuses.isEmpty() ? status >= 200 && status < 300 : expectedStatuses.contains(status);
    }

    @Override
    public String kind() {
      return "http";
    }
  }

  /**
   * Triggers a run of a DAG that stays in Airflow and waits for it to end, through the gateway's
   * bridge to that Airflow. The run id is derived from the logical date, so a retried trigger finds
   * the run it created instead of making a second one.
   *
   * @param connection the name of the Airflow connection the gateway is configured with
   * @param dagId the DAG to run in Airflow
   * @param conf the run's {@code conf}
   * @param timeout the longest to wait for the run to end; it is recorded failed if it has not
   * @param pollInterval how often the run's state is read
   */
  record AirflowDagRun(String connection, String dagId, Map<String, String> conf, Duration timeout, Duration pollInterval)
      implements FallbackAction {
    public AirflowDagRun {
      requireNonNull(connection, "connection is null");
      requireNonNull(dagId, "dagId is null");
      conf = Map.copyOf(new TreeMap<>(requireNonNull(conf, "conf is null")));
      if (connection.isBlank() || dagId.isBlank()) {
        throw new IllegalArgumentException("Invalid Airflow action: the connection and the DAG id must not be blank");
      }
      positive("Airflow action", timeout);
      positive("Airflow action", pollInterval);
      if (pollInterval.compareTo(timeout) > 0) {
        throw new IllegalArgumentException("Invalid Airflow action: poll interval " + pollInterval
            + " is longer than the timeout " + timeout);
      }
    }

    @Override
    public String kind() {
      return "airflow-dag-run";
    }
  }

  private static void positive(String what, Duration duration) {
    requireNonNull(duration, "duration is null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Invalid " + what + ": duration " + duration + " is not positive");
    }
  }
}
