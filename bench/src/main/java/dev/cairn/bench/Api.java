package dev.cairn.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A plain HTTP client for the server's REST API ({@code Bearer} token) and agent API ({@code Token}
 * token), with JSON bodies. The benchmarks speak the real wire protocol through it, exactly as an
 * outside client would. Thread-safe.
 */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;

  /** {@code base} is the server's root URL, such as {@code http://127.0.0.1:8080}. */
  Api(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /** An answer: its status, its body, and when it arrived (before the body was parsed). */
  record Reply(int status, String body, long nanos) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    Reply ok() {
      if (status / 100 != 2) {
        throw new IllegalStateException("HTTP " + status + ": " + body);
      }
      return this;
    }
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static String agentToken(String token) {
    return "Token " + token;
  }

  Reply get(String path, String authorization) throws IOException, InterruptedException {
    return send(request(path, authorization).GET());
  }

  Reply post(String path, String authorization, Map<String, ?> body)
      throws IOException, InterruptedException {
    return send(request(path, authorization).POST(json(body)));
  }

  Reply put(String path, String authorization, Map<String, ?> body)
      throws IOException, InterruptedException {
    return send(request(path, authorization).PUT(json(body)));
  }

  private HttpRequest.Builder request(String path, String authorization) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60));
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime();
    return new Reply(response.statusCode(), response.body(), nanos);
  }

  private static HttpRequest.BodyPublisher json(Map<String, ?> body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body, e);
    }
  }
}
