package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small client of Cairn's REST API, used by {@code cairn run} exactly as any other client would
 * use it. Every call is bounded by a timeout.
 */
final class RestClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = Json.mapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  RestClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** A reply that was not 2xx, with the server's message. */
  static final class ApiError extends IOException {
    private static final long serialVersionUID = 1L;

    ApiError(int status, String message) {
      super("HTTP " + status + ": " + message);
    }
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
            .build();
    return json(send(request));
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return json(send(request(path).GET().build()));
  }

  byte[] getBytes(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private byte[] send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      String message;
      try {
        message = MAPPER.readTree(response.body()).path("message").asText();
      } catch (IOException e) {
        message = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
      }
      throw new ApiError(response.statusCode(), message);
    }
    return response.body();
  }

  private static JsonNode json(byte[] body) throws IOException {
    return MAPPER.readTree(body);
  }
}
