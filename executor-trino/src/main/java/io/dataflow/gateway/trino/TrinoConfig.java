package io.dataflow.gateway.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataflow.gateway.trino.embedded.EmbeddedTrinoConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code trino:} section of the gateway's configuration.
 *
 * <p>Every key is optional: YAML goes through {@link #fromYaml}, which turns absent keys into the
 * documented defaults.
 *
 * @param jdbcUrl a real cluster ({@code jdbc:trino://host:port}); when present nothing is launched
 *     and {@link #embedded()} is ignored
 * @param user the Trino user the gateway's queries run as, default {@value #DEFAULT_USER}
 * @param queryTimeout the longest a task's statement may run, default 30 minutes
 * @param maxConcurrentQueries how many statements the gateway runs on Trino at once, default
 *     {@value #DEFAULT_MAX_CONCURRENT_QUERIES}
 * @param embedded how to launch the embedded Trino when {@code jdbcUrl} is absent
 */
public record TrinoConfig(
    Optional<String> jdbcUrl,
    String user,
    Duration queryTimeout,
    int maxConcurrentQueries,
    EmbeddedTrinoConfig embedded) {

  public static final String DEFAULT_USER = "gateway";
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 4;

  public TrinoConfig {
    jdbcUrl = jdbcUrl == null ? Optional.empty() : jdbcUrl.map(String::strip).filter(s -> !s.isEmpty());
    jdbcUrl.ifPresent(url -> {
      if (!url.startsWith("jdbc:trino://")) {
        throw new IllegalArgumentException(
            "Invalid trino.jdbcUrl '" + url + "': expected jdbc:trino://host:port, or leave it out "
                + "to launch the embedded Trino");
      }
    });
    user = user == null || user.isBlank() ? DEFAULT_USER : user.strip();
    queryTimeout = queryTimeout == null ? DEFAULT_QUERY_TIMEOUT : queryTimeout;
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "Invalid trino.queryTimeout " + queryTimeout + ": expected a positive duration");
    }
    if (maxConcurrentQueries < 1) {
      throw new IllegalArgumentException(
          "Invalid trino.maxConcurrentQueries " + maxConcurrentQueries + ": expected at least 1");
    }
    embedded = embedded == null ? EmbeddedTrinoConfig.defaults() : embedded;
  }

  /** Reads the YAML form, where every key is optional and an absent key means its default. */
  @JsonCreator
  public static TrinoConfig fromYaml(
      @JsonProperty("jdbcUrl") String jdbcUrl,
      @JsonProperty("user") String user,
      @JsonProperty("queryTimeout") Duration queryTimeout,
      @JsonProperty("maxConcurrentQueries") Integer maxConcurrentQueries,
      @JsonProperty("embedded") EmbeddedTrinoConfig embedded) {
    return new TrinoConfig(
        Optional.ofNullable(jdbcUrl),
        user,
        queryTimeout,
        maxConcurrentQueries == null ? DEFAULT_MAX_CONCURRENT_QUERIES : maxConcurrentQueries,
        embedded);
  }

  /** All defaults: the embedded Trino with its defaults. */
  public static TrinoConfig defaults() {
    return fromYaml(null, null, null, null, null);
  }

  /** A configuration that uses an existing cluster. */
  public static TrinoConfig cluster(String jdbcUrl, String user) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    return fromYaml(jdbcUrl, user, null, null, null);
  }
}
