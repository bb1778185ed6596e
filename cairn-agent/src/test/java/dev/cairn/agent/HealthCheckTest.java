package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --health-check-addr} on a real agent: {@code /status.json} follows the worker from
 * registered and idle to busy with its job and back, and the server stops with the agent.
 */
final class HealthCheckTest extends RiggedJobTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void statusJsonShowsTheRunningJobUntilItFinishesAndTheServerStopsWithTheAgent() throws Exception {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
    Path release = work.resolve("release");
    rig.startWithHealthCheck(rig.settings(null, true, Duration.ofSeconds(10)), address);

    JsonNode idle =
        awaitStatus(
            address, s -> s.path("workers").get(0).path("id").asText().equals("agent-id-1"));
    assertThat(idle.path("health").asText()).isEqualTo("ok");
    assertThat(idle.path("aggregate_status").asText()).isEqualTo("idle");
    assertThat(idle.path("workers").get(0).path("spawn_index").asInt()).isEqualTo(1);

    server.enqueue(
        "job-1",
        JobRig.command("echo rea\"\"dy; while [ ! -e " + release + " ]; do sleep 0.05; done"),
        1024);
    server.awaitLog("job-1", "ready");
    JsonNode busy = status(address);
    assertThat(busy.path("aggregate_status").asText()).isEqualTo("busy");
    assertThat(busy.path("workers").get(0).path("status").asText()).isEqualTo("busy");
    assertThat(busy.path("workers").get(0).path("current_job_id").asText()).isEqualTo("job-1");

    Files.createFile(release);
    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    JsonNode after = awaitStatus(address, s -> s.path("aggregate_status").asText().equals("idle"));
    assertThat(after.path("workers").get(0).has("current_job_id")).isFalse();
    assertThat(get(address, "/").body()).isEqualTo("OK: Buildkite agent is running");

    rig.stopAgent();
    Instant deadline = Instant.now().plusSeconds(20);
    while (listening(address)) {
      assertThat(Instant.now()).as("the server stops with the agent").isBefore(deadline);
      Thread.sleep(20);
    }
  }

  private JsonNode awaitStatus(InetSocketAddress address, Predicate<JsonNode> wanted)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      if (listening(address)) {
        JsonNode status = status(address);
        if (wanted.test(status)) {
          return status;
        }
        assertThat(Instant.now()).as("status: %s", status).isBefore(deadline);
      } else {
        assertThat(Instant.now()).as("the server listens").isBefore(deadline);
      }
      Thread.sleep(20);
    }
  }

  private JsonNode status(InetSocketAddress address) throws Exception {
    HttpResponse<String> reply = get(address, "/status.json");
    assertThat(reply.statusCode()).isEqualTo(200);
    return json.readTree(reply.body());
  }

  private HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean listening(InetSocketAddress address) {
    try (java.net.Socket socket = new java.net.Socket(address.getAddress(), address.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
