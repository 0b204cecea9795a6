package io.dataflow.gateway.server.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import java.net.URI;
import java.util.function.Function;

/**
 * Where a live Airflow is and how to authenticate to it, with its secrets named, never given: they are
 * read from the gateway's environment when a connection is made. A reference holds no secret, so it can
 * be stored with an import, returned by the API and written to a log.
 *
 * @param url the webserver's root address, without {@code /api/v1}
 * @param version {@code 2} (REST API {@code /api/v1}) or {@code 3} ({@code /api/v2})
 * @param user the user, with {@code passwordEnv}: basic authentication on Airflow 2, the token flow on
 *     Airflow 3
 * @param passwordEnv the name of the gateway's environment variable holding the password
 * @param tokenEnv the name of the gateway's environment variable holding a bearer token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirflowReference(
    @JsonProperty("url") String url,
    @JsonProperty("version") String version,
    @JsonProperty("user") String user,
    @JsonProperty("passwordEnv") String passwordEnv,
    @JsonProperty("tokenEnv") String tokenEnv) {

  /** A reference that cannot be used, naming the field at fault (relative to the reference, e.g. {@code url}). */
  public static final class InvalidReference extends IllegalArgumentException {
    private final String field;

    InvalidReference(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The field at fault: {@code url}, {@code version}, {@code passwordEnv} or {@code tokenEnv}. */
    public String field() {
      return field;
    }
  }

  /**
   * A connection to this Airflow, its secrets read through {@code environment}.
   *
   * @param environment reads the gateway's environment variables (null when unset)
   * @param prefix the name of this reference in the caller's input, e.g. {@code airflow}, used in messages
   * @throws InvalidReference naming the field when the URL or version is invalid, or a named variable is unset
   */
  public AirflowConnection connection(Function<String, String> environment, String prefix) {
    URI address = address(prefix);
    AirflowVersion generation = generation(prefix);
    Authentication authentication;
    if (tokenEnv != null) {
      authentication = new Authentication.Bearer(secret(environment, tokenEnv, prefix, "tokenEnv"));
    } else if (user != null) {
      if (passwordEnv == null) {
        throw new InvalidReference("passwordEnv", prefix + ".user needs " + prefix
            + ".passwordEnv, the name of the environment variable holding the password");
      }
      String password = secret(environment, passwordEnv, prefix, "passwordEnv");
      authentication = generation == AirflowVersion.AIRFLOW_2
          ? new Authentication.Basic(user, password)
          : new Authentication.TokenFlow(user, password);
    } else {
      authentication = new Authentication.Anonymous();
    }
    return AirflowConnection.of(address, generation, authentication);
  }

  private URI address(String prefix) {
    if (url == null || url.isBlank()) {
      throw new InvalidReference("url", prefix + ".url is required: the webserver's root address, e.g. https://airflow.example.com");
    }
    try {
      URI address = URI.create(url.strip());
      if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
        throw new IllegalArgumentException("not http or https");
      }
      if (address.getRawUserInfo() != null) {
        // a reference is stored and shown: a password typed into the address would be too
        throw new InvalidReference("url", prefix + ".url must not carry credentials (user:password@); name them with "
            + prefix + ".user and " + prefix + ".passwordEnv, or " + prefix + ".tokenEnv");
      }
      return address;
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidReference invalid) {
        throw invalid;
      }
      throw new InvalidReference("url", prefix + ".url '" + url + "' is not an http(s) address");
    }
  }

  private AirflowVersion generation(String prefix) {
    return switch (version == null ? "" : version.strip()) {
      case "2" -> AirflowVersion.AIRFLOW_2;
      case "3" -> AirflowVersion.AIRFLOW_3;
      default -> throw new InvalidReference("version", prefix + ".version must be 2 (REST API /api/v1) or 3 (/api/v2), not '"
          + version + "'");
    };
  }

  private static String secret(Function<String, String> environment, String variable, String prefix, String field) {
    String value = environment.apply(variable);
    if (value == null || value.isEmpty()) {
      throw new InvalidReference(field, "The environment variable " + variable + " named by " + prefix + "." + field
          + " is not set for the gateway");
    }
    return value;
  }
}
