package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.HttpRequest;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlTemplate;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the request of an HTTP operator, as the import recovered it, into the {@link
 * FallbackAction.HttpCall} that sends it as Airflow's {@code HttpHook} does: the endpoint appended to
 * the connection's URL, a GET's data as its query string, a HEAD without a body, the connection's
 * headers then the task's; a 2xx status is success (redirects are followed).
 */
final class HttpRequests {

  /** The macros {@link RunContext#render} knows, written in a template. */
  private static final Pattern MACRO = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
  private static final Pattern ANY_TEMPLATE = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
  /** A macro percent-encoded, as URL templates were once stored (see {@link #decodeMacros}). */
  private static final Pattern ENCODED_MACRO = Pattern.compile("%7B%7B(?:%20)*([a-z_]+)(?:%20)*%7D%7D", Pattern.CASE_INSENSITIVE);
  private static final RunContext EXAMPLE_RUN = new RunContext(new FallbackJobKey("dag", "task"),
      new DataInterval(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)), Instant.EPOCH);
  private static final Set<String> KNOWN_MACROS = EXAMPLE_RUN.macros().keySet();

  private HttpRequests() {}

  /** The call, or why there is none. */
  record Outcome(Optional<FallbackAction.HttpCall> call, Optional<String> reason) {
    Outcome {
      requireNonNull(call, "call is null");
      requireNonNull(reason, "reason is null");
    }

    static Outcome refused(String reason) {
      return new Outcome(Optional.empty(), Optional.of(reason));
    }
  }

  /**
   * The call that reproduces {@code request}.
   *
   * @param where the task, as reasons name it
   */
  static Outcome call(String where, HttpRequest request, Map<String, HttpConnection> connections, Duration timeout) {
    if (!request.unsupported().isEmpty()) {
      return Outcome.refused(where + ": the fallback cannot reproduce its request: " + String.join("; ", request.unsupported()));
    }
    Optional<String> endpoint = Optional.empty();
    Optional<String> data = Optional.empty();
    for (String argument : new String[] {"endpoint", "data"}) {
      Optional<SqlTemplate> template = argument.equals("endpoint") ? request.endpoint() : request.data();
      if (template.isEmpty()) {
        continue;
      }
      if (!(template.get() instanceof RecoveredSql recovered)) {
        return Outcome.refused(where + ": its " + argument + " was not recovered");
      }
      if (recovered.statements().size() != 1) {
        return Outcome.refused(where + ": its " + argument + " is a list of " + recovered.statements().size() + " texts, not one text");
      }
      String text = recovered.statements().getFirst();
      Optional<String> unknown = unknownTemplate(text);
      if (unknown.isPresent()) {
        return Outcome.refused(where + ": its " + argument + " uses the template " + unknown.get() + ", which the fallback does not render"
            + " (it renders " + KNOWN_MACROS + ")");
      }
      if (argument.equals("endpoint")) {
        endpoint = Optional.of(text);
      } else {
        data = Optional.of(text);
      }
    }
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      Optional<String> unknown = unknownTemplate(header.getValue());
      if (unknown.isPresent()) {
        return Outcome.refused(where + ": its header '" + header.getKey() + "' uses the template " + unknown.get()
            + ", which the fallback does not render");
      }
    }
    String connectionId = request.connectionId().orElseThrow(() -> new IllegalArgumentException(
        "An HTTP request without a known connection must name the reason in unsupported"));
    HttpConnection connection = connections.get(connectionId);
    if (connection == null) {
      return Outcome.refused(where + ": its connection '" + connectionId + "' is not one of the gateway's HTTP connections"
          + " (fallback.httpConnections: " + (connections.isEmpty() ? "none" : new TreeMap<>(connections).keySet()) + ")");
    }
    String url = url(connection.url().toString(), endpoint.orElse(""));
    Optional<String> body = data;
    if (request.method().equals("GET") && data.isPresent()) {
      url = url + (url.contains("?") ? "&" : "?") + data.get();
      body = Optional.empty();
    } else if (request.method().equals("HEAD")) {
      body = Optional.empty();
    }
    Optional<String> invalid = validUrl(url);
    if (invalid.isPresent()) {
      return Outcome.refused(where + ": " + invalid.get() + " (connection '" + connectionId + "')");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(connection.headers());
    headers.putAll(request.headers());
    Map<String, String> secretHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    secretHeaders.putAll(connection.secretHeaders());
    headers.keySet().removeAll(secretHeaders.keySet());
    try {
      return new Outcome(Optional.of(new FallbackAction.HttpCall(request.method(), url, headers, secretHeaders, body, Set.of(), timeout)),
          Optional.empty());
    } catch (IllegalArgumentException e) {
      return Outcome.refused(where + ": " + e.getMessage() + " (of connection '" + connectionId + "' in fallback.httpConnections)");
    }
  }

  /**
   * What is wrong with the URL template {@code url}, if anything: once its macros are rendered (with the
   * values of any run: they are dates, times and a run id) it must be an absolute http or https URL.
   */
  static Optional<String> validUrl(String url) {
    URI rendered;
    try {
      rendered = new URI(EXAMPLE_RUN.render(url));
    } catch (URISyntaxException e) {
      return Optional.of("URL '" + url + "' is not a valid URL: " + e.getMessage());
    }
    if (!rendered.isAbsolute() || !("http".equals(rendered.getScheme()) || "https".equals(rendered.getScheme()))) {
      return Optional.of("URL '" + url + "' is not an absolute http or https URL");
    }
    return Optional.empty();
  }

  /** A URL template with its macros percent-encoded ({@code %7B%7B%20ds%20%7D%7D}) as URL templates were once stored. */
  static String decodeMacros(String url) {
    return ENCODED_MACRO.matcher(url).replaceAll(m -> Matcher.quoteReplacement("{{ " + m.group(1) + " }}"));
  }

  /** The connection's URL and the endpoint joined by one slash, as Airflow's HttpHook joins them. */
  private static String url(String base, String endpoint) {
    if (endpoint.isEmpty()) {
      return base;
    }
    if (base.endsWith("/") && endpoint.startsWith("/")) {
      return base + endpoint.substring(1);
    }
    return base.endsWith("/") || endpoint.startsWith("/") ? base + endpoint : base + "/" + endpoint;
  }

  /** The first template in {@code text} that is not one of the macros the fallback renders. */
  private static Optional<String> unknownTemplate(String text) {
    Matcher any = ANY_TEMPLATE.matcher(text);
    while (any.find()) {
      Matcher macro = MACRO.matcher(any.group());
      if (!macro.matches() || !KNOWN_MACROS.contains(macro.group(1))) {
        return Optional.of(any.group());
      }
    }
    return Optional.empty();
  }

}
