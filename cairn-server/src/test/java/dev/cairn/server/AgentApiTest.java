package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.server.wiring.CairnServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent API over real HTTP on 127.0.0.1, against a real server with its embedded database, as
 * the official agent drives it: register, connect, ping, accept, start, chunks, state, finish.
 */
class AgentApiTest {
  private static final String REGISTRATION = "registration-token";
  private static final String API = "api-token";

  @TempDir Path dataDir;
  private CairnServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() {
    server =
        CairnServer.start(
            new ServerConfig(
                "127.0.0.1",
                0,
                dataDir,
                Optional.of(REGISTRATION),
                Optional.of(API),
                Optional.empty()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAgentRunsAJobAndItsLogArrivesInOrderWhateverTheChunkOrder() throws Exception {
    long build = createBuild("steps:\n  - key: only\n    command: echo hi\n");
    String agentToken = register("a-%hostname", "host-1").path("access_token").asText();
    assertThat(call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);

    JsonNode ping = body(call("GET", "/v3/ping", agentToken, null));
    String jobId = ping.path("job").path("id").asText();
    assertThat(jobId).isNotEmpty();
    assertThat(body(call("GET", "/v3/ping", agentToken, null)).path("job").path("id").asText())
        .as("a repeated ping returns the same assignment")
        .isEqualTo(jobId);

    JsonNode job = body(call("PUT", "/v3/jobs/" + jobId + "/accept", agentToken, ""));
    String jobToken = job.path("token").asText();
    assertThat(job.path("env").path("BUILDKITE_COMMAND").asText()).isEqualTo("echo hi");
    assertThat(job.path("env").path("BUILDKITE_STEP_KEY").asText()).isEqualTo("only");
    assertThat(job.path("env").path("BUILDKITE_AGENT_NAME").asText()).isEqualTo("a-host-1");
    assertThat(job.path("env").has("BUILDKITE_AGENT_TOKEN")).isFalse();
    assertThat(job.path("chunks_max_size_bytes").asLong()).isPositive();

    assertThat(
            call(
                    "PUT",
                    "/v3/jobs/" + jobId + "/start",
                    jobToken,
                    "{\"started_at\":\"2026-11-28T00:00:00Z\"}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> first = chunk(jobId, jobToken, 3, 12, "world\n");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(chunk(jobId, jobToken, 1, 0, "hello ").statusCode()).isEqualTo(201);
    assertThat(chunk(jobId, jobToken, 1, 0, "hello ").statusCode())
        .as("a retried chunk")
        .isEqualTo(201);
    assertThat(logOf(build, jobId)).as("a hole hides what follows it").isEqualTo("hello ");
    assertThat(chunk(jobId, jobToken, 2, 6, "there ").statusCode()).isEqualTo(201);
    assertThat(body(call("GET", "/v3/jobs/" + jobId, jobToken, null)).path("state").asText())
        .isEqualTo("running");

    String finish =
        "{\"exit_status\":\"0\",\"finished_at\":\"2026-11-28T00:00:01Z\",\"chunks_failed_count\":0}";
    assertThat(call("PUT", "/v3/jobs/" + jobId + "/finish", jobToken, finish).statusCode())
        .isEqualTo(200);
    assertThat(call("PUT", "/v3/jobs/" + jobId + "/finish", agentToken, finish).statusCode())
        .as("finishing twice is refused so agents stop retrying")
        .isEqualTo(422);
    assertThat(call("GET", "/v3/jobs/" + jobId, jobToken, null).statusCode())
        .as("a job token dies with its job")
        .isEqualTo(401);

    assertThat(logOf(build, jobId)).isEqualTo("hello there world\n");
    JsonNode finished = rest("GET", "/v2/organizations/default/pipelines/p/builds/" + build, null);
    assertThat(finished.path("state").asText()).isEqualTo("passed");
    assertThat(finished.path("jobs").get(0).path("exit_status").asInt()).isZero();
    assertThat(finished.path("jobs").get(0).path("agent").path("name").asText())
        .isEqualTo("a-host-1");
  }

  @Test
  void badCredentialsAndBadInputAreRefusedWithAMessage() throws Exception {
    assertThat(call("POST", "/v3/register", "wrong", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/v3/ping", "wrong", null).statusCode()).isEqualTo(401);
    String agentToken = register("b", "host-2").path("access_token").asText();
    assertThat(call("GET", "/v3/ping?wait=soon", agentToken, null).statusCode()).isEqualTo(400);
    assertThat(call("PUT", "/v3/jobs/nope/accept", agentToken, "").statusCode()).isEqualTo(404);
    HttpResponse<String> noToken =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v2/organizations/default")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(json.readTree(noToken.body()).path("message").asText()).isNotEmpty();
  }

  @Test
  void aLongPollIsAnsweredWhenAJobBecomesRunnable() throws Exception {
    String agentToken = register("c", "host-3").path("access_token").asText();
    var poll =
        http.sendAsync(
            request("GET", "/v3/ping?wait=20", agentToken, null).build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300); // Let the poll start waiting; the answer must come from the wake-up.
    createBuild("steps:\n  - command: echo later\n");
    HttpResponse<String> answer = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(json.readTree(answer.body()).path("job").path("id").asText()).isNotEmpty();
  }

  private long createBuild(String steps) {
    if (rest("GET", "/v2/organizations/default/pipelines/p", null) == null) {
      rest(
          "POST",
          "/v2/organizations/default/pipelines",
          Map.of("name", "p", "configuration", steps));
    }
    return rest("POST", "/v2/organizations/default/pipelines/p/builds", Map.of("branch", "main"))
        .path("number")
        .asLong();
  }

  private JsonNode register(String name, String hostname) throws Exception {
    String body =
        json.writeValueAsString(
            Map.of(
                "name",
                name,
                "hostname",
                hostname,
                "meta_data",
                java.util.List.of("queue=default")));
    HttpResponse<String> reply = call("POST", "/v3/register", REGISTRATION, body);
    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode registered = json.readTree(reply.body());
    assertThat(registered.path("ping_interval").asInt()).isPositive();
    assertThat(registered.path("heartbeat_interval").asInt()).isPositive();
    return registered;
  }

  private HttpResponse<String> chunk(
      String jobId, String token, int sequence, long offset, String text) throws Exception {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(raw);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base()
                        + "/v3/jobs/"
                        + jobId
                        + "/chunks?sequence="
                        + sequence
                        + "&offset="
                        + offset
                        + "&size="
                        + raw.length))
            .header("Authorization", "Token " + token)
            .header("Content-Type", "text/plain")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String logOf(long build, String jobId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base()
                        + "/v2/organizations/default/pipelines/p/builds/"
                        + build
                        + "/jobs/"
                        + jobId
                        + "/log.txt"))
            .header("Authorization", "Bearer " + API)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private JsonNode rest(String method, String path, Object body) {
    try {
      String text = body == null ? null : json.writeValueAsString(body);
      HttpRequest.Builder request = request(method, path, API, text);
      HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return reply.statusCode() == 404 ? null : json.readTree(reply.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return http.send(
        request(method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String method, String path, String token, String body) {
    return HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Token " + token)
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
  }

  private JsonNode body(HttpResponse<String> reply) throws IOException {
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return json.readTree(reply.body());
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }
}
