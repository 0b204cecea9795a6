package io.dataflow.gateway.server.db;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * The {@code database:} section of the configuration.
 *
 * @param url JDBC URL of an external PostgreSQL ({@code jdbc:postgresql://host:5432/gateway}); when
 *     absent the gateway starts its own PostgreSQL with data under {@code <dataDirectory>/postgres}
 * @param user database user; default {@code postgres} for the embedded server, required otherwise
 * @param password database password; empty by default
 * @param embeddedPort port of the embedded server on 127.0.0.1; 0 (the default) picks a free port
 *     at each start
 * @param maxConnections size of the gateway's connection pool, default 16
 */
public record DatabaseConfig(
    Optional<String> url, String user, String password, int embeddedPort, int maxConnections) {

  public static final String EMBEDDED_USER = "postgres";

  public DatabaseConfig {
    url = url == null ? Optional.empty() : url.map(String::strip).filter(s -> !s.isEmpty());
    url.ifPresent(
        u -> {
          if (!u.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                "Invalid database.url '" + u + "': expected jdbc:postgresql://host:port/database,"
                    + " or leave it out to use the embedded PostgreSQL");
          }
        });
    if (user == null || user.isBlank()) {
      if (url.isPresent()) {
        throw new IllegalArgumentException("database.user is required with database.url");
      }
      user = EMBEDDED_USER;
    }
    password = password == null ? "" : password;
    if (embeddedPort < 0 || embeddedPort > 65_535) {
      throw new IllegalArgumentException(
          "Invalid database.embeddedPort " + embeddedPort + ": expected 0..65535");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "Invalid database.maxConnections " + maxConnections + ": expected at least 1");
    }
  }

  @JsonCreator
  public static DatabaseConfig fromYaml(
      @JsonProperty("url") String url,
      @JsonProperty("user") String user,
      @JsonProperty("password") String password,
      @JsonProperty("embeddedPort") Integer embeddedPort,
      @JsonProperty("maxConnections") Integer maxConnections) {
    return new DatabaseConfig(
        Optional.ofNullable(url),
        user,
        password,
        embeddedPort == null ? 0 : embeddedPort,
        maxConnections == null ? 16 : maxConnections);
  }

  /** The embedded database with its defaults. */
  public static DatabaseConfig defaults() {
    return fromYaml(null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", embeddedPort=" + embeddedPort + "]";
  }
}
