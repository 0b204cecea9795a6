package io.dataflow.gateway.server.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The gateway's REST API as the demo uses it: JSON in and out, with a bearer token. */
final class GatewayClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String token;

  /**
   * @param base the gateway's root address, e.g. {@code http://127.0.0.1:8080}
   * @param token a token whose role may import, migrate and create tokens (admin)
   */
  GatewayClient(URI base, String token) {
    this.base = requireNonNull(base, "base is null");
    this.token = requireNonNull(token, "token is null");
  }

  URI base() {
    return base;
  }

  JsonNode get(String path) {
    return json(send(HttpRequest.newBuilder(base.resolve(path)).GET(), path), "GET", path);
  }

  String getText(String path) {
    return expectOk(send(HttpRequest.newBuilder(base.resolve(path)).GET(), path), "GET", path).body();
  }

  JsonNode post(String path, String body) {
    return json(send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), path), "POST", path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String path) {
    try {
      return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DemoException("The gateway at " + base + " did not answer " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("Interrupted while calling " + path, e);
    }
  }

  private static JsonNode json(HttpResponse<String> response, String method, String path) {
    try {
      return JSON.readTree(expectOk(response, method, path).body());
    } catch (IOException e) {
      throw new DemoException(method + " " + path + " did not answer JSON: " + e.getMessage(), e);
    }
  }

  private static HttpResponse<String> expectOk(HttpResponse<String> response, String method, String path) {
    if (response.statusCode() / 100 != 2) {
      String detail = response.body();
      try {
        detail = JSON.readTree(response.body()).path("detail").asText(response.body());
      } catch (IOException e) {
        // not a problem document: show the body as it is
      }
      throw new DemoException(method + " " + path + " answered " + response.statusCode() + ": " + detail);
    }
    return response;
  }
}
