package dev.cairn.agent.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.agent.worker.WorkerStatus;
import dev.cairn.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code --health-check-addr}, on the JDK's own {@code com.sun.net.httpserver}:
 * two tiny read-only endpoints do not justify a server library, and the JDK's classes are loaded
 * only when the flag is given. It answers every method, as the official agent does: {@code /} with
 * {@value #RUNNING}, {@code /status.json} with a {@link StatusReport}, any other path with 404. A
 * {@code HEAD} request gets the status and headers only. Listens on exactly the address given, on
 * one dispatcher thread (each answer is a few hundred bytes built from memory). Thread-safe.
 */
public final class HealthCheckServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckServer.class);
  static final String RUNNING = "OK: Buildkite agent is running";
  private static final String NOT_FOUND = "404 page not found\n";

  private final HttpServer server;
  private final Supplier<List<WorkerStatus>> workers;
  private final ObjectMapper json = Json.mapper();

  private HealthCheckServer(HttpServer server, Supplier<List<WorkerStatus>> workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Listens on {@code address} and serves until {@link #close()}; {@code workers} is asked for the
   * workers' states on each {@code /status.json}.
   *
   * @throws UncheckedIOException if nothing can listen there (in use, not this host's address)
   */
  public static HealthCheckServer start(
      InetSocketAddress address, Supplier<List<WorkerStatus>> workers) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + address + " for health checks: " + e.getMessage(), e);
    }
    HealthCheckServer health = new HealthCheckServer(server, workers);
    server.createContext("/", health::answer);
    server.start();
    LOG.info("health check server listening on {}", health.address());
    return health;
  }

  /** Where it listens; the port is the one chosen when port 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops listening at once; a request being answered is cut off. */
  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestURI().getPath()) {
        case "/" -> send(exchange, 200, "text/plain; charset=utf-8", RUNNING);
        case "/status.json" -> send(exchange, 200, "application/json", status());
        default -> send(exchange, 404, "text/plain; charset=utf-8", NOT_FOUND);
      }
    }
  }

  private String status() throws JsonProcessingException {
    return json.writeValueAsString(StatusReport.of(workers.get())) + "\n";
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
