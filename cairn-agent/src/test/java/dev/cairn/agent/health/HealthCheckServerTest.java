package dev.cairn.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.agent.worker.WorkerStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health check server's answers, shaped as the official agent's ({@code agent/agent_pool.go}),
 * over real HTTP on 127.0.0.1.
 */
final class HealthCheckServerTest {
  private final List<WorkerStatus> workers = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HealthCheckServer server =
      HealthCheckServer.start(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> List.copyOf(workers));

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void theRootSaysTheAgentIsRunning() throws Exception {
    HttpResponse<String> root = get("/");

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).isEqualTo("OK: Buildkite agent is running");
    assertThat(root.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void statusJsonReportsEachWorkerAndBusyWhenAnyIs() throws Exception {
    workers.add(new WorkerStatus(1, "agent-a", null));
    workers.add(new WorkerStatus(2, "agent-b", "job-42"));
    workers.add(new WorkerStatus(3, null, null));

    HttpResponse<String> status = get("/status.json");

    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(status.body())
        .isEqualTo(
            "{\"health\":\"ok\",\"aggregate_status\":\"busy\",\"workers\":["
                + "{\"status\":\"idle\",\"id\":\"agent-a\",\"spawn_index\":1},"
                + "{\"status\":\"busy\",\"current_job_id\":\"job-42\",\"id\":\"agent-b\","
                + "\"spawn_index\":2},"
                + "{\"status\":\"idle\",\"id\":\"\",\"spawn_index\":3}]}\n");
  }

  @Test
  void statusJsonIsIdleWhenNoWorkerRunsAJob() throws Exception {
    workers.add(new WorkerStatus(1, "agent-a", null));

    JsonNode status = new ObjectMapper().readTree(get("/status.json").body());

    assertThat(status.path("aggregate_status").asText()).isEqualTo("idle");
    assertThat(status.path("workers").get(0).has("current_job_id")).isFalse();
  }

  @Test
  void everyOtherPathIsNotFoundAndTheQueryIsIgnored() throws Exception {
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/status").statusCode()).isEqualTo(404);
    assertThat(get("/status.json/").statusCode()).isEqualTo(404);
    assertThat(get("/?probe=1").body()).isEqualTo("OK: Buildkite agent is running");
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(url("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void listensOnlyOnTheAddressGiven() throws Exception {
    // 127.0.0.2 is this host too (all of 127/8 is loopback on Linux): a server listening on every
    // interface would answer there, one bound to 127.0.0.1 does not.
    InetAddress other = InetAddress.getByName("127.0.0.2");
    assertThatThrownBy(() -> new Socket(other, server.address().getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void anAddressInUseFailsTheStartNamingIt() {
    InetSocketAddress taken = server.address();

    assertThatThrownBy(() -> HealthCheckServer.start(taken, List::of))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on " + taken + " for health checks");
  }

  @Test
  void afterCloseNothingListens() {
    server.close();

    assertThatThrownBy(() -> new Socket(server.address().getAddress(), server.address().getPort()))
        .isInstanceOf(IOException.class);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }
}
