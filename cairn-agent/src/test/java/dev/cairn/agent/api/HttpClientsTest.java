package dev.cairn.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP clients against a real server on 127.0.0.1: agent API calls, TLS set up only for
 * an {@code https:} connection, an interrupted call, and the artifact transfer client.
 */
final class HttpClientsTest {
  private final AtomicInteger tlsSetUps = new AtomicInteger();
  private final CountDownLatch slowCallArrived = new CountDownLatch(1);
  private final CountDownLatch releaseSlowCall = new CountDownLatch(1);
  private HttpServer server;
  private HttpClients clients;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v3/ping",
        exchange -> {
          byte[] body =
              ("{\"action\":\"idle\",\"got\":\"" + exchange.getRequestMethod() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/v3/slow",
        exchange -> {
          slowCallArrived.countDown();
          try {
            releaseSlowCall.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    clients =
        HttpClients.create(() -> {
          tlsSetUps.incrementAndGet();
          return DefaultClientTlsStrategy.createSystemDefault();
        });
  }

  @AfterEach
  void stop() {
    releaseSlowCall.countDown();
    clients.close();
    server.stop(0);
  }

  private URI endpoint(String scheme) {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/v3");
  }

  @Test
  void plainCallsNeverSetUpTls() throws Exception {
    ApiTransport transport = new ApiTransport(clients, endpoint("http"));
    for (int i = 0; i < 3; i++) {
      JsonNode reply =
          transport.json("GET", "ping", "secret", null, JsonNode.class, Duration.ofSeconds(10));
      assertThat(reply.path("got").asText()).isEqualTo("GET");
    }
    JsonNode put =
        transport.json(
            "PUT", "ping", "secret", Map.of("a", "b"), JsonNode.class, Duration.ofSeconds(10));
    assertThat(put.path("got").asText()).isEqualTo("PUT");
    assertThat(tlsSetUps).hasValue(0);
  }

  @Test
  void theFirstHttpsConnectionSetsUpTlsOnce() throws Exception {
    // This server hangs up at once, so each handshake fails; what matters is who was asked for TLS.
    try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(() -> {
            while (!hangsUp.isClosed()) {
              try {
                hangsUp.accept().close();
              } catch (IOException closed) {
                return;
              }
            }
          });
      URI endpoint = URI.create("https://127.0.0.1:" + hangsUp.getLocalPort() + "/v3");
      ApiTransport transport = new ApiTransport(clients, endpoint);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() ->
                transport.json(
                    "GET", "ping", "secret", null, JsonNode.class, Duration.ofSeconds(10)))
            .isInstanceOf(AgentApiException.class)
            .satisfies(e -> assertThat(((AgentApiException) e).isNetworkError()).isTrue());
      }
    }
    assertThat(tlsSetUps).hasValue(1);
  }

  @Test
  void anInterruptedCallEndsWithInterruptedException() throws Exception {
    ApiTransport transport = new ApiTransport(clients, endpoint("http"));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofVirtual()
            .start(() -> {
              try {
                transport.json("GET", "slow", "secret", null, Void.class, Duration.ofSeconds(30));
              } catch (AgentApiException | InterruptedException | RuntimeException e) {
                thrown.set(e);
              }
            });
    assertThat(slowCallArrived.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    assertThat(caller.join(Duration.ofSeconds(10))).as("the call ended").isTrue();
    assertThat(thrown.get())
        .isInstanceOf(InterruptedException.class)
        .hasMessageContaining("GET slow");
  }

  @Test
  void transfersOfferAnH2cUpgradeUnlessHttp2IsOff() throws Exception {
    AtomicReference<String> upgrade = new AtomicReference<>();
    server.createContext(
        "/transfer",
        exchange -> {
          upgrade.set(String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    URI transfer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/transfer");
    HttpRequest get = HttpRequest.newBuilder(transfer).build();

    clients.transfers().send(get, HttpResponse.BodyHandlers.discarding());
    assertThat(upgrade.get()).as("HTTP/2 by default").isEqualTo("h2c");

    try (HttpClients http1 = HttpClients.create(false)) {
      assertThat(http1.transfers().version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      HttpResponse<Void> reply =
          http1.transfers().send(get, HttpResponse.BodyHandlers.discarding());
      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(upgrade.get()).as("no upgrade offered with --no-http2").isEqualTo("null");
    }
  }

  @Test
  void theTransferClientIsMadeOnceAndNotAfterClose() {
    assertThat(clients.transfers()).isSameAs(clients.transfers());
    clients.close();
    assertThatThrownBy(() -> clients.transfers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
