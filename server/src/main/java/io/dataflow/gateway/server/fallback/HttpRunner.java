package io.dataflow.gateway.server.fallback;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Sends a {@link FallbackAction.HttpCall}. The status is recorded as the run's exit code and the
 * response body as its output; header values, secret or not, are never recorded.
 */
final class HttpRunner implements AutoCloseable {

  private final int outputLimit;
  private final Function<String, Optional<String>> environment;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  HttpRunner(int outputLimit, Function<String, Optional<String>> environment) {
    this.outputLimit = outputLimit;
    this.environment = environment;
  }

  RunOutcome run(FallbackAction.HttpCall action, RunContext context) {
    URI url;
    try {
      url = new URI(context.render(action.url()));
    } catch (URISyntaxException e) {
      return RunOutcome.failed("The rendered URL is invalid: " + e.getMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(action.timeout())
        .method(action.method(), action.body()
            .map(body -> HttpRequest.BodyPublishers.ofString(context.render(body)))
            .orElse(HttpRequest.BodyPublishers.noBody()));
    action.headers().forEach((name, value) -> request.header(name, context.render(value)));
    for (var secret : action.secretHeaders().entrySet()) {
      Optional<String> value = environment.apply(secret.getValue());
      if (value.isEmpty()) {
        return RunOutcome.failed("Secret header '" + secret.getKey() + "' is read from environment variable '"
            + secret.getValue() + "', which is not set in the gateway's environment");
      }
      request.header(secret.getKey(), value.get());
    }
    String call = action.method() + " " + withoutQuery(url);
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      return RunOutcome.failed(call + " timed out after " + action.timeout());
    } catch (IOException e) {
      return RunOutcome.failed(call + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RunOutcome.failed(call + " was interrupted because the gateway is stopping");
    }
    BoundedOutput output = new BoundedOutput(outputLimit);
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[8192];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        output.write(buffer, 0, read);
      }
    } catch (IOException e) {
      output.write("\n[response body ended early: " + e.getMessage() + "]\n");
    }
    int status = response.statusCode();
    if (action.accepts(status)) {
      return new RunOutcome(true, Optional.of(status), output.text(), Optional.empty(), Optional.empty());
    }
    String expected = action.expectedStatuses().isEmpty() ? "a 2xx status" : "one of " + new TreeSet<>(action.expectedStatuses());
    return new RunOutcome(false, Optional.of(status), output.text(),
        Optional.of(call + " answered HTTP " + status + ", expected " + expected), Optional.empty());
  }

  /** A query string may carry a token; errors name the endpoint without it. */
  private static String withoutQuery(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  @Override
  public void close() {
    client.close();
  }
}
