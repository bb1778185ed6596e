package dev.cairn.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.Ping;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code finish?ping=true} against a real HTTP server on 127.0.0.1 answering as servers with and
 * without the extension may: the next ping's answer, {@code {}}, no body at all, or a refusal.
 */
final class JobsClientTest {
  private static final JobFinish FINISH = new JobFinish("0", null, null, null, 0, null);

  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> body = new AtomicReference<>("");
  private final AtomicReference<String> query = new AtomicReference<>();
  private HttpServer server;
  private HttpClients clients;
  private JobsClient jobs;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v3/jobs/j1/finish",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          query.set(exchange.getRequestURI().getQuery());
          byte[] reply = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), reply.length == 0 ? -1 : reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
    clients = HttpClients.create();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3");
    jobs = new JobsClient(new ApiTransport(clients, endpoint), "job-token");
  }

  @AfterEach
  void stop() {
    clients.close();
    server.stop(0);
  }

  @Test
  void theAnswerOfACairnServerAssignsTheNextJob() throws Exception {
    body.set("{\"action\":\"idle\",\"job\":{\"id\":\"j2\"}}");

    Ping next = jobs.finishAndPing("j1", FINISH);

    assertThat(query.get()).isEqualTo("ping=true");
    assertThat(next.action()).isEqualTo("idle");
    assertThat(next.job().id()).isEqualTo("j2");
  }

  @Test
  void aServerWithoutTheExtensionAnswersNothingToActOn() throws Exception {
    body.set("{}");
    Ping empty = jobs.finishAndPing("j1", FINISH);
    assertThat(empty.action()).isNull();
    assertThat(empty.job()).isNull();

    body.set("");
    assertThat(jobs.finishAndPing("j1", FINISH)).as("a success without a body").isNull();
  }

  @Test
  void aRefusedFinishStaysAFailure() {
    status.set(422);
    body.set("{\"message\":\"already finished\"}");

    assertThatThrownBy(() -> jobs.finishAndPing("j1", FINISH))
        .isInstanceOf(AgentApiException.class)
        .hasMessageContaining("already finished");
  }
}
