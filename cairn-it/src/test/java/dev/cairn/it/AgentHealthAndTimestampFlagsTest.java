package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.FreePort;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --health-check-addr} and {@code --timestamp-lines} through the real {@code cairn agent
 * start} process against a real server: {@code /status.json} names the job a worker is running, and
 * a job's stored log has each line but the headers prefixed with its time.
 */
class AgentHealthAndTimestampFlagsTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path work;

  @Test
  void statusJsonNamesTheJobTheAgentIsRunning() throws Exception {
    int port = FreePort.find();
    Path release = work.resolve("release");
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            AgentProcess.start(
                server, "health", work, List.of("--health-check-addr", "127.0.0.1:" + port));
        HttpClient http = HttpClient.newHttpClient()) {
      RestApi api = server.api();
      api.createPipeline(
          "health",
          "steps:\n  - command: echo rea\"\"dy; while [ ! -e "
              + release
              + " ]; do sleep 0.1; done\n");
      long number = api.createBuild("health");
      Instant deadline = Instant.now().plus(EXIT);
      JsonNode status;
      while (true) {
        status = status(http, port);
        if (status != null && status.path("aggregate_status").asText().equals("busy")) {
          break;
        }
        assertThat(Instant.now()).as(agent.output()).isBefore(deadline);
        Thread.sleep(50);
      }
      String jobId = api.build("health", number).path("jobs").get(0).path("id").asText();
      JsonNode worker = status.path("workers").get(0);
      assertThat(status.path("health").asText()).isEqualTo("ok");
      assertThat(worker.path("status").asText()).isEqualTo("busy");
      assertThat(worker.path("current_job_id").asText()).isEqualTo(jobId);
      assertThat(worker.path("spawn_index").asInt()).isEqualTo(1);
      assertThat(worker.path("id").asText()).isNotEmpty();
      assertThat(get(http, port, "/").body()).isEqualTo("OK: Buildkite agent is running");
      assertThat(get(http, port, "/nothing-here").statusCode()).isEqualTo(404);

      Files.createFile(release);
      assertThat(api.awaitFinished("health", number, EXIT).path("state").asText())
          .isEqualTo("passed");
    }
  }

  @Test
  void aMalformedHealthCheckAddressIsRefusedNamingTheFlag() throws Exception {
    try (AgentProcess agent =
        AgentProcess.startWith(
            List.of("--token", "t", "--health-check-addr", "localhost"),
            Map.of(),
            work.resolve("bad-addr.log"))) {
      assertThat(agent.awaitExit(EXIT)).isTrue();
      assertThat(agent.exitValue()).isEqualTo(2);
      assertThat(agent.output())
          .contains("--health-check-addr (BUILDKITE_AGENT_HEALTH_CHECK_ADDR)")
          .contains("got 'localhost'");
    }
  }

  @Test
  void timestampLinesPrefixTheStoredLogsLinesButItsHeaders() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            AgentProcess.startWith(
                List.of(
                    "--endpoint",
                    server.agentEndpoint(),
                    "--token",
                    ServerProcess.REGISTRATION_TOKEN,
                    "--build-path",
                    work.resolve("stamp-builds").toString(),
                    "--no-ansi-timestamps"),
                Map.of("BUILDKITE_TIMESTAMP_LINES", "true"),
                work.resolve("stamp-agent.log"))) {
      RestApi api = server.api();
      api.createPipeline(
          "stamp", "steps:\n  - command: echo first-line; echo '+++ my group'; echo last-line\n");
      long number = api.createBuild("stamp");
      JsonNode build = api.awaitFinished("stamp", number, EXIT);
      String log = api.log("stamp", number, build.path("jobs").get(0).path("id").asText());
      String stamp = "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\] ";
      assertThat(log)
          .as(agent.output())
          .containsPattern("(?m)^" + stamp + "first-line$")
          .containsPattern("(?m)^\\+\\+\\+ my group$")
          .containsPattern("(?m)^" + stamp + "last-line$")
          .containsPattern("(?m)^~~~ Running commands$")
          .doesNotContain("\u001b_bk;t=")
          .doesNotContain("\r");
    }
  }

  /** The agent's {@code /status.json}, or null while nothing answers yet. */
  private static JsonNode status(HttpClient http, int port) throws Exception {
    try {
      HttpResponse<String> reply = get(http, port, "/status.json");
      assertThat(reply.statusCode()).isEqualTo(200);
      return new ObjectMapper().readTree(reply.body());
    } catch (java.net.ConnectException e) {
      return null;
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
