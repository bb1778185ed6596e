package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent API over real HTTP on 127.0.0.1, against a real server with its embedded database, as
 * the official agent drives it: register, connect, ping, accept, start, chunks, state, finish.
 */
class AgentApiTest {
  private static final String STEPS = "steps:\n  - key: only\n    command: echo hi\n";

  @TempDir Path dataDir;
  private AgentHarness agentApi;

  @BeforeEach
  void start() {
    agentApi = new AgentHarness(dataDir);
  }

  @AfterEach
  void stop() {
    agentApi.close();
  }

  @Test
  void anAgentRunsAJobAndItsLogArrivesInOrderWhateverTheChunkOrder() throws Exception {
    long build = agentApi.createBuild(STEPS);
    String agentToken =
        agentApi.register("a-%hostname", "host-1", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);

    JsonNode ping = agentApi.body(agentApi.call("GET", "/v3/ping", agentToken, null));
    String jobId = ping.path("job").path("id").asText();
    assertThat(jobId).isNotEmpty();
    assertThat(pingedJob(agentToken))
        .as("a repeated ping returns the same assignment")
        .isEqualTo(jobId);

    JsonNode job =
        agentApi.body(agentApi.call("PUT", "/v3/jobs/" + jobId + "/accept", agentToken, ""));
    String jobToken = job.path("token").asText();
    assertThat(job.path("env").path("BUILDKITE_COMMAND").asText()).isEqualTo("echo hi");
    assertThat(job.path("env").path("BUILDKITE_STEP_KEY").asText()).isEqualTo("only");
    assertThat(job.path("env").path("BUILDKITE_AGENT_NAME").asText()).isEqualTo("a-host-1");
    assertThat(job.path("env").has("BUILDKITE_AGENT_TOKEN")).isFalse();
    assertThat(job.path("chunks_max_size_bytes").asLong()).isPositive();

    String started = "{\"started_at\":\"2026-11-28T00:00:00Z\"}";
    assertThat(agentApi.call("PUT", "/v3/jobs/" + jobId + "/start", jobToken, started).statusCode())
        .isEqualTo(200);
    HttpResponse<String> first = chunk(jobId, jobToken, 3, 12, "world\n");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(chunk(jobId, jobToken, 1, 0, "hello ").statusCode()).isEqualTo(201);
    assertThat(chunk(jobId, jobToken, 1, 0, "hello ").statusCode())
        .as("a retried chunk")
        .isEqualTo(201);
    assertThat(logOf(build, jobId)).as("a hole hides what follows it").isEqualTo("hello ");
    assertThat(chunk(jobId, jobToken, 2, 6, "there ").statusCode()).isEqualTo(201);
    assertThat(
            agentApi
                .body(agentApi.call("GET", "/v3/jobs/" + jobId, jobToken, null))
                .path("state")
                .asText())
        .isEqualTo("running");

    String finish =
        "{\"exit_status\":\"0\",\"finished_at\":\"2026-11-28T00:00:01Z\",\"chunks_failed_count\":0}";
    assertThat(agentApi.call("PUT", "/v3/jobs/" + jobId + "/finish", jobToken, finish).statusCode())
        .isEqualTo(200);
    assertThat(
            agentApi.call("PUT", "/v3/jobs/" + jobId + "/finish", agentToken, finish).statusCode())
        .as("finishing twice is refused so agents stop retrying")
        .isEqualTo(422);
    assertThat(agentApi.call("GET", "/v3/jobs/" + jobId, jobToken, null).statusCode())
        .as("a job token dies with its job")
        .isEqualTo(401);

    assertThat(logOf(build, jobId)).isEqualTo("hello there world\n");
    JsonNode finished = agentApi.rest("GET", buildPath(build), null);
    assertThat(finished.path("state").asText()).isEqualTo("passed");
    assertThat(finished.path("jobs").get(0).path("exit_status").asInt()).isZero();
    assertThat(finished.path("jobs").get(0).path("agent").path("name").asText())
        .isEqualTo("a-host-1");
  }

  @Test
  void acceptWithStartStartsTheJobInTheSameCallAndARetryGetsANewToken() throws Exception {
    long build = agentApi.createBuild(STEPS);
    String agentToken = agentApi.register("s", "host-s", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);
    String jobId = pingedJob(agentToken);
    String accept = "/v3/jobs/" + jobId + "/accept?start=true";

    JsonNode first = agentApi.body(agentApi.call("PUT", accept, agentToken, ""));
    assertThat(first.path("state").asText()).isEqualTo("running");
    JsonNode running = agentApi.rest("GET", buildPath(build), null).path("jobs").get(0);
    assertThat(running.path("state").asText()).isEqualTo("running");
    assertThat(running.path("started_at").isNull()).isFalse();

    // The first reply was lost: the agent asks again and gets the job, running, with a new token.
    JsonNode again = agentApi.body(agentApi.call("PUT", accept, agentToken, ""));
    assertThat(again.path("state").asText()).isEqualTo("running");
    String token = again.path("token").asText();
    assertThat(token).isNotEqualTo(first.path("token").asText());
    assertThat(
            agentApi
                .call("GET", "/v3/jobs/" + jobId, first.path("token").asText(), null)
                .statusCode())
        .as("the lost token")
        .isEqualTo(401);

    String other = agentApi.register("t", "host-t", false).path("access_token").asText();
    assertThat(agentApi.call("PUT", accept, other, "").statusCode())
        .as("not another agent's")
        .isEqualTo(422);

    String finish = "{\"exit_status\":\"0\",\"chunks_failed_count\":0}";
    assertThat(agentApi.call("PUT", "/v3/jobs/" + jobId + "/finish", token, finish).statusCode())
        .isEqualTo(200);
    assertThat(agentApi.rest("GET", buildPath(build), null).path("state").asText())
        .isEqualTo("passed");
    assertThat(agentApi.call("PUT", accept, agentToken, "").statusCode())
        .as("a finished job is not accepted again")
        .isEqualTo(422);
  }

  @Test
  void finishWithPingAnswersTheAgentsNextPingInTheSameCall() throws Exception {
    String steps = "steps:\n  - command: one\n  - wait\n  - command: two\n";
    long build = agentApi.createBuild(steps);
    String agentToken = agentApi.register("f", "host-f", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);
    String one = pingedJob(agentToken);
    String oneToken = acceptAndStart(one, agentToken);
    String finish = "{\"exit_status\":\"0\",\"chunks_failed_count\":0}";

    // Finishing `one` lets `two` past the wait, and the answer assigns it to this agent.
    JsonNode answer =
        agentApi.body(
            agentApi.call("PUT", "/v3/jobs/" + one + "/finish?ping=true", oneToken, finish));
    assertThat(answer.path("action").asText()).isEqualTo("idle");
    String two = answer.path("job").path("id").asText();
    assertThat(two).isNotEmpty().isNotEqualTo(one);
    JsonNode assigned = agentApi.rest("GET", buildPath(steps, build), null).path("jobs").get(2);
    assertThat(assigned.path("id").asText()).isEqualTo(two);
    assertThat(assigned.path("state").asText()).isEqualTo("assigned");
    assertThat(assigned.path("agent").path("name").asText()).isEqualTo("f");

    // The answer was lost: the retried finish is refused, and the next ping finds the job.
    assertThat(
            agentApi
                .call("PUT", "/v3/jobs/" + one + "/finish?ping=true", agentToken, finish)
                .statusCode())
        .isEqualTo(422);
    assertThat(pingedJob(agentToken)).isEqualTo(two);

    String twoToken = acceptAndStart(two, agentToken);
    JsonNode last =
        agentApi.body(
            agentApi.call("PUT", "/v3/jobs/" + two + "/finish?ping=true", twoToken, finish));
    assertThat(last.path("action").asText()).as("nothing left to run").isEqualTo("idle");
    assertThat(last.has("job")).isFalse();
    assertThat(agentApi.rest("GET", buildPath(steps, build), null).path("state").asText())
        .isEqualTo("passed");
  }

  @Test
  void finishWithoutPingAnswersAsBefore() throws Exception {
    agentApi.createBuild("steps:\n  - command: one\n  - command: two\n");
    String agentToken = agentApi.register("g", "host-g", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);
    String one = pingedJob(agentToken);
    String finish = "{\"exit_status\":\"0\",\"chunks_failed_count\":0}";
    HttpResponse<String> plain =
        agentApi.call(
            "PUT", "/v3/jobs/" + one + "/finish", acceptAndStart(one, agentToken), finish);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(agentApi.body(plain).size()).as("no ping answer unless asked").isZero();
  }

  /** The id of the job a plain ping hands the agent (empty if none). */
  private String pingedJob(String agentToken) throws Exception {
    return agentApi
        .body(agentApi.call("GET", "/v3/ping", agentToken, null))
        .path("job")
        .path("id")
        .asText();
  }

  private String acceptAndStart(String jobId, String agentToken) throws Exception {
    JsonNode job =
        agentApi.body(
            agentApi.call("PUT", "/v3/jobs/" + jobId + "/accept?start=true", agentToken, ""));
    assertThat(job.path("state").asText()).isEqualTo("running");
    return job.path("token").asText();
  }

  @Test
  void badCredentialsAndBadInputAreRefusedWithAMessage() throws Exception {
    assertThat(agentApi.call("POST", "/v3/register", "wrong", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(401);
    assertThat(agentApi.call("GET", "/v3/ping", "wrong", null).statusCode()).isEqualTo(401);
    String agentToken = agentApi.register("b", "host-2", false).path("access_token").asText();
    assertThat(agentApi.call("GET", "/v3/ping?wait=soon", agentToken, null).statusCode())
        .isEqualTo(400);
    assertThat(agentApi.call("PUT", "/v3/jobs/nope/accept", agentToken, "").statusCode())
        .isEqualTo(404);
    HttpResponse<String> noToken = agentApi.get(agentApi.base() + "/v2/organizations/default");
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(agentApi.json.readTree(noToken.body()).path("message").asText()).isNotEmpty();
  }

  @Test
  void aLongPollIsAnsweredWhenAJobBecomesRunnable() throws Exception {
    String agentToken = agentApi.register("c", "host-3", false).path("access_token").asText();
    var poll =
        agentApi.http.sendAsync(
            agentApi.request("GET", "/v3/ping?wait=20", agentToken, null).build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300); // Let the poll start waiting; the answer must come from the wake-up.
    agentApi.createBuild("steps:\n  - command: echo later\n");
    HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
    assertThat(agentApi.json.readTree(answer.body()).path("job").path("id").asText()).isNotEmpty();
  }

  @Test
  void aDisconnectEndsTheAgentsLongPollAndPutsBackTheJobItHadNotAccepted() throws Exception {
    String leaving = agentApi.register("d", "host-4", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", leaving, "").statusCode()).isEqualTo(200);
    var poll =
        agentApi.http.sendAsync(
            agentApi.request("GET", "/v3/ping?wait=20", leaving, null).build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300); // Let the poll start waiting.
    assertThat(agentApi.call("POST", "/v3/disconnect", leaving, "").statusCode()).isEqualTo(200);
    HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
    assertThat(agentApi.json.readTree(answer.body()).path("job").isMissingNode())
        .as("the disconnected agent's wait ends with no job: %s", answer.body())
        .isTrue();

    // An agent that was handed a job and disconnects without accepting it gives it back.
    String steps = "steps:\n  - command: echo given back\n";
    long build = agentApi.createBuild(steps);
    String holder = agentApi.register("e", "host-5", false).path("access_token").asText();
    assertThat(agentApi.call("POST", "/v3/connect", holder, "").statusCode()).isEqualTo(200);
    String jobId = pingedJob(holder);
    assertThat(agentApi.call("POST", "/v3/disconnect", holder, "").statusCode()).isEqualTo(200);
    String path =
        "/v2/organizations/default/pipelines/" + AgentHarness.slugOf(steps) + "/builds/" + build;
    assertThat(agentApi.rest("GET", path, null).path("jobs").get(0).path("state").asText())
        .isEqualTo("scheduled");
    assertThat(agentApi.call("PUT", "/v3/jobs/" + jobId + "/accept", holder, "").statusCode())
        .as("the departed agent can no longer accept it")
        .isEqualTo(422);
    String taker = agentApi.register("f", "host-6", false).path("access_token").asText();
    assertThat(pingedJob(taker)).isEqualTo(jobId);
  }

  private HttpResponse<String> chunk(
      String jobId, String token, int sequence, long offset, String text) throws Exception {
    return agentApi.chunk(jobId, token, sequence, offset, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String buildPath(long build) {
    return buildPath(STEPS, build);
  }

  private static String buildPath(String steps, long build) {
    return "/v2/organizations/default/pipelines/" + AgentHarness.slugOf(steps) + "/builds/" + build;
  }

  private String logOf(long build, String jobId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(agentApi.base() + buildPath(build) + "/jobs/" + jobId + "/log.txt"))
            .header("Authorization", "Bearer " + AgentHarness.API)
            .build();
    return agentApi.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
