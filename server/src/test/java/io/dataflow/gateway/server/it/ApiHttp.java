package io.dataflow.gateway.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Requests to the shared gateway with any token or none, for the API's integration tests. */
final class ApiHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  ApiHttp(int port) {
    this.port = port;
  }

  /** One answer: status, headers and body. */
  record Answer(int status, HttpResponse<String> response) {
    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException("Not JSON: " + response.body(), e);
      }
    }

    Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    String contentType() {
      return header("Content-Type").orElse("");
    }
  }

  Answer send(String method, String path, Optional<String> token, Optional<String> body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    body.ifPresent(b -> request.header("Content-Type", "application/json"));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path, String token) {
    return send("GET", path, Optional.of(token), Optional.empty());
  }

  Answer post(String path, String token, String body) {
    return send("POST", path, Optional.of(token), Optional.of(body));
  }

  /** A GET as admin that must answer 200. */
  JsonNode json(String path) {
    Answer answer = get(path, SharedGateway.ADMIN_TOKEN);
    if (answer.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.response().body());
    }
    return answer.json();
  }
}
