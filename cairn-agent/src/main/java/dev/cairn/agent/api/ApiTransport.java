package dev.cairn.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.ErrorMessage;
import dev.cairn.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP exchange shared by every resource client (spec §1): base URL joining, {@code
 * Authorization: Token …}, {@code User-Agent}, a timeout on every call, JSON bodies through the
 * protocol's one mapper, server-driven {@code Buildkite-*} headers replayed on later calls, and
 * non-2xx answers turned into {@link AgentApiException}. Thread-safe; one instance is shared by a
 * worker and its jobs.
 */
public final class ApiTransport {
  /** The bound on every call that does not say otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** This agent's version, from the jar manifest ({@code dev} when run from classes). */
  public static final String VERSION = version();

  public static final String USER_AGENT = "cairn-agent/" + VERSION;

  private static final int MAX_DETAIL_CHARS = 200;

  private final HttpClients clients;
  private final String base;
  private final ObjectMapper json;
  private final AtomicReference<Map<String, String>> serverHeaders;

  /** A transport sending everything through {@code http}, which the caller closes. */
  public ApiTransport(HttpClient http, URI endpoint) {
    this(HttpClients.of(http), endpoint);
  }

  /** A transport choosing among {@code clients} by URL scheme; the caller closes them. */
  public ApiTransport(HttpClients clients, URI endpoint) {
    this(clients, endpoint, Json.mapper(), new AtomicReference<>(Map.of()));
  }

  private ApiTransport(
      HttpClients clients,
      URI endpoint,
      ObjectMapper json,
      AtomicReference<Map<String, String>> serverHeaders) {
    this.clients = clients;
    this.base = endpoint.toString().replaceAll("/+$", "");
    this.json = json;
    this.serverHeaders = serverHeaders;
  }

  /** A client for HTTP/1.1 and HTTP/2 with a bounded connect time; share one per agent. */
  public static HttpClient newHttpClient() {
    return HttpClients.withTls();
  }

  /** The same transport talking to another base URL (register may move the agent). */
  public ApiTransport withEndpoint(URI endpoint) {
    return new ApiTransport(clients, endpoint, json, serverHeaders);
  }

  public URI endpoint() {
    return URI.create(base);
  }

  /** The shared HTTP client for {@code uri}, also outside the agent API (artifact storage). */
  HttpClient http(URI uri) {
    return clients.forUri(uri);
  }

  /** The mapper every body goes through. */
  ObjectMapper mapper() {
    return json;
  }

  /**
   * Adopts the {@code request_headers} of a register or ping reply: only {@code Buildkite-*} keys
   * are kept; {@code null} leaves the current set unchanged and an empty map clears it.
   */
  public void replayHeaders(Map<String, String> headers) {
    if (headers == null) {
      return;
    }
    Map<String, String> kept = new TreeMap<>();
    headers.forEach((name, value) -> {
      if (name.toLowerCase(Locale.ROOT).startsWith("buildkite-")) {
        kept.put(name, value);
      }
    });
    serverHeaders.set(Map.copyOf(kept));
  }

  /** Escapes an id for a path segment, with {@code .} escaped too (spec §1, Rails suffixes). */
  public static String escape(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E");
  }

  <T> T json(
      String method, String path, String token, Object body, Class<T> reply, Duration timeout)
      throws AgentApiException, InterruptedException {
    return json(method, path, token, body, reply, timeout, Map.of());
  }

  <T> T json(
      String method,
      String path,
      String token,
      Object body,
      Class<T> reply,
      Duration timeout,
      Map<String, String> headers)
      throws AgentApiException, InterruptedException {
    String call = method + " " + path;
    HttpRequest.Builder request = request(path, token, timeout);
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, BodyPublishers.ofByteArray(encode(call, body)));
    }
    HttpResponse<byte[]> response = send(call, request);
    return decode(call, response, reply);
  }

  void bytes(String method, String path, String token, byte[] body, Map<String, String> headers)
      throws AgentApiException, InterruptedException {
    String call = method + " " + path;
    HttpRequest.Builder request = request(path, token, DEFAULT_TIMEOUT);
    headers.forEach(request::header);
    request.method(method, BodyPublishers.ofByteArray(body));
    send(call, request);
  }

  private HttpRequest.Builder request(String path, String token, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/" + path))
            .timeout(timeout)
            .header("User-Agent", USER_AGENT)
            .header("Authorization", "Token " + token);
    if (base.startsWith("http:")) {
      // Without TLS there is no HTTP/2 to negotiate, but the JDK client would offer an h2c
      // upgrade on requests; asking for HTTP/1.1 spares that on every log chunk.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    serverHeaders.get().forEach(request::header);
    return request;
  }

  private HttpResponse<byte[]> send(String call, HttpRequest.Builder request)
      throws AgentApiException, InterruptedException {
    HttpResponse<byte[]> response;
    try {
      HttpRequest built = request.build();
      response = clients.forUri(built.uri()).send(built, BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw AgentApiException.network(call, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw AgentApiException.status(
          call, response.statusCode(), detail(response.body()), retryAfter(response));
    }
    return response;
  }

  /** {@code Retry-After} in seconds (the agent API never sends the HTTP-date form). */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(value -> {
          try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        });
  }

  private byte[] encode(String call, Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the body of " + call, e);
    }
  }

  private <T> T decode(String call, HttpResponse<byte[]> response, Class<T> reply)
      throws AgentApiException {
    if (reply == Void.class) {
      return null;
    }
    try {
      return json.readValue(response.body(), reply);
    } catch (IOException e) {
      throw AgentApiException.status(call, response.statusCode(), "unreadable reply body");
    }
  }

  private String detail(byte[] body) {
    try {
      return Optional.ofNullable(json.readValue(body, ErrorMessage.class).message())
          .map(m -> m.length() > MAX_DETAIL_CHARS ? m.substring(0, MAX_DETAIL_CHARS) : m)
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String version() {
    String version = ApiTransport.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
