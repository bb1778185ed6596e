package dev.cairn.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.ErrorMessage;
import dev.cairn.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

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

  /** A transport making its calls through {@code clients}, which the caller closes. */
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

  /** The same transport talking to another base URL (register may move the agent). */
  public ApiTransport withEndpoint(URI endpoint) {
    return new ApiTransport(clients, endpoint, json, serverHeaders);
  }

  public URI endpoint() {
    return URI.create(base);
  }

  /** The shared HTTP client for artifact transfers, outside the agent API (artifact storage). */
  HttpClient transfers() {
    return clients.transfers();
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
    HttpUriRequestBase request = request(method, path, token, timeout, headers);
    if (body != null) {
      request.setEntity(new ByteArrayEntity(encode(call, body), ContentType.APPLICATION_JSON));
    }
    return decode(call, send(call, request), reply);
  }

  void bytes(String method, String path, String token, byte[] body, Map<String, String> headers)
      throws AgentApiException, InterruptedException {
    String call = method + " " + path;
    HttpUriRequestBase request = request(method, path, token, DEFAULT_TIMEOUT, headers);
    request.setEntity(new ByteArrayEntity(body, null));
    send(call, request);
  }

  private HttpUriRequestBase request(
      String method, String path, String token, Duration timeout, Map<String, String> headers) {
    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + "/" + path));
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    request.addHeader("User-Agent", USER_AGENT);
    request.addHeader("Authorization", "Token " + token);
    serverHeaders.get().forEach(request::addHeader);
    headers.forEach(request::addHeader);
    return request;
  }

  /** What came back: the status, the body and {@code Retry-After}. */
  @SuppressWarnings("ArrayRecordComponent") // A private carrier, never compared or hashed.
  private record Reply(int status, byte[] body, Optional<Duration> retryAfter) {}

  private Reply send(String call, HttpUriRequestBase request)
      throws AgentApiException, InterruptedException {
    Reply reply;
    try {
      reply =
          clients
              .api()
              .execute(
                  request,
                  response ->
                      new Reply(
                          response.getCode(),
                          response.getEntity() == null
                              ? new byte[0]
                              : EntityUtils.toByteArray(response.getEntity()),
                          retryAfter(response.getFirstHeader("Retry-After"))));
    } catch (IOException e) {
      // A virtual thread interrupted in a socket call sees the socket closed; the caller (a
      // stopping worker) is told it was interrupted, not that the network failed.
      if (Thread.interrupted()) {
        InterruptedException interrupted = new InterruptedException(call + " was interrupted");
        interrupted.initCause(e);
        throw interrupted;
      }
      throw AgentApiException.network(call, e);
    } catch (CancellationException e) {
      // The connection pool cancels the leases still waiting when the client is closed (the agent
      // is ending): the caller stops as if interrupted. Any other cancellation is a failed call.
      if (Thread.interrupted() || clients.isClosed()) {
        InterruptedException closed = new InterruptedException(call + " was cancelled");
        closed.initCause(e);
        throw closed;
      }
      throw AgentApiException.network(
          call, new IOException("the connection lease was cancelled", e));
    }
    if (reply.status() / 100 != 2) {
      throw AgentApiException.status(
          call, reply.status(), detail(reply.body()), reply.retryAfter());
    }
    return reply;
  }

  /** {@code Retry-After} in seconds (the agent API never sends the HTTP-date form). */
  private static Optional<Duration> retryAfter(Header header) {
    return Optional.ofNullable(header)
        .map(Header::getValue)
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

  private <T> T decode(String call, Reply reply, Class<T> type) throws AgentApiException {
    if (type == Void.class) {
      return null;
    }
    try {
      return json.readValue(reply.body(), type);
    } catch (IOException e) {
      throw AgentApiException.status(call, reply.status(), "unreadable reply body");
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
