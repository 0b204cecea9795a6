package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP connection the fallback sends the requests of HTTP operators through, named like the
 * Airflow connection ({@code http_conn_id}) it stands for: where the requests go and the headers
 * every request carries. As everywhere in the configuration, secrets are named, never written: a
 * credential header names the gateway's environment variable that holds its value.
 *
 * @param url the base URL, to which a task's endpoint is appended (an absolute http or https URL)
 * @param headers headers sent with every request, before the task's own
 * @param secretHeaders header name to the name of the environment variable holding its value, e.g.
 *     {@code Authorization: FINANCE_API_AUTHORIZATION}
 */
public record HttpConnection(URI url, Map<String, String> headers, Map<String, String> secretHeaders) {

  public HttpConnection {
    requireNonNull(url, "url is null");
    if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getRawAuthority() == null) {
      throw new IllegalArgumentException("Invalid HTTP connection: url '" + url + "' is not an absolute http or https URL");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("Invalid HTTP connection: url '" + url + "' has a query or a fragment; a task's endpoint is"
          + " appended to it");
    }
    headers = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(headers, "headers is null")));
    secretHeaders = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(secretHeaders, "secretHeaders is null")));
    secretHeaders.forEach((name, variable) -> {
      if (variable == null || variable.isBlank()) {
        throw new IllegalArgumentException("Invalid HTTP connection: secret header '" + name + "' names no environment variable");
      }
    });
  }

  /** Reads the YAML form, where {@code headers} and {@code secretHeaders} may be left out. */
  @JsonCreator
  public static HttpConnection fromYaml(@JsonProperty("url") URI url, @JsonProperty("headers") Map<String, String> headers,
      @JsonProperty("secretHeaders") Map<String, String> secretHeaders) {
    if (url == null) {
      throw new IllegalArgumentException("Invalid HTTP connection: url is required");
    }
    return new HttpConnection(url, headers == null ? Map.of() : headers, secretHeaders == null ? Map.of() : secretHeaders);
  }
}
