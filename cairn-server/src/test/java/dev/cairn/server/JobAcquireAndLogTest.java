package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acquire ({@code --acquire-job}), agents hidden from dispatch, {@code job update}, header times
 * and how logs with ANSI timestamps are served, over real HTTP.
 */
class JobAcquireAndLogTest {
  private static final String TWO_STEPS =
      "steps:\n  - key: first\n    command: echo 1\n  - wait\n  - key: second\n    command: echo 2\n";

  @TempDir Path dataDir;
  private AgentHarness h;

  @BeforeEach
  void start() {
    h = new AgentHarness(dataDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void acquireAnswers423WhileWaiting422WhenTakenAndTheJobOtherwise() throws Exception {
    long number = h.createBuild(TWO_STEPS);
    JsonNode build =
        h.rest(
            "GET",
            "/v2/organizations/default/pipelines/p"
                + Integer.toHexString(TWO_STEPS.hashCode())
                + "/builds/"
                + number,
            null);
    String first = jobWithKey(build, "first");
    String second = jobWithKey(build, "second");
    String acquirer = h.register("acquirer", "host-a", true).path("access_token").asText();

    assertThat(h.body(h.call("GET", "/v3/ping", acquirer, null)).path("job").isMissingNode())
        .as("an agent registered with ignore_in_dispatches gets no job from ping")
        .isTrue();

    HttpResponse<String> locked = h.call("PUT", "/v3/jobs/" + second + "/acquire", acquirer, "");
    assertThat(locked.statusCode()).isEqualTo(423);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();

    JsonNode job = h.body(h.call("PUT", "/v3/jobs/" + first + "/acquire", acquirer, ""));
    assertThat(job.path("id").asText()).isEqualTo(first);
    assertThat(job.path("token").asText()).isNotEmpty();
    assertThat(job.path("env").path("BUILDKITE_STEP_KEY").asText()).isEqualTo("first");
    assertThat(job.path("chunks_max_size_bytes").asLong()).isPositive();

    String other = h.register("other", "host-b", false).path("access_token").asText();
    assertThat(h.call("PUT", "/v3/jobs/" + first + "/acquire", other, "").statusCode())
        .as("taken by another agent")
        .isEqualTo(422);
    assertThat(h.call("PUT", "/v3/jobs/nope/acquire", other, "").statusCode()).isEqualTo(404);
    assertThat(h.call("PUT", "/v3/jobs/" + first + "/acquire", "bad", "").statusCode())
        .isEqualTo(401);
  }

  @Test
  void finishingWithIgnoreAgentInDispatchesStopsFurtherAssignments() throws Exception {
    AgentHarness.Running job = h.startJob("steps:\n  - command: echo once\n");
    String finish =
        "{\"exit_status\":\"0\",\"chunks_failed_count\":0,\"ignore_agent_in_dispatches\":true}";
    assertThat(
            h.call("PUT", "/v3/jobs/" + job.jobId() + "/finish", job.jobToken(), finish)
                .statusCode())
        .isEqualTo(200);
    h.createBuild("steps:\n  - command: echo next\n");
    assertThat(
            h.body(h.call("GET", "/v3/ping", job.agentToken(), null)).path("job").isMissingNode())
        .as("a --disconnect-after-job agent is handed nothing more")
        .isTrue();
    String fresh = h.register("fresh", "host-c", false).path("access_token").asText();
    assertThat(h.body(h.call("GET", "/v3/ping", fresh, null)).path("job").path("id").asText())
        .isNotEmpty();
  }

  @Test
  void jobUpdateAcceptsTheTimeoutOnlyWhileTheJobRuns() throws Exception {
    AgentHarness.Running job = h.startJob("steps:\n  - command: echo update\n");
    String path = "/v3/jobs/" + job.jobId();
    JsonNode updated = h.body(h.call("PUT", path, job.jobToken(), "{\"timeout\":\"20\"}"));
    assertThat(updated.path("id").asText()).isEqualTo(job.jobId());
    assertThat(updated.path("timeout_in_minutes").asText()).isEqualTo("20");
    assertThat(h.call("PUT", path, job.jobToken(), "{\"timeout_in_minutes\":\"-1\"}").statusCode())
        .isEqualTo(422);
    assertThat(h.call("PUT", path, job.jobToken(), "{\"label\":\"x\"}").statusCode())
        .isEqualTo(422);
    h.finish(job, "0");
    assertThat(h.call("PUT", path, job.jobToken(), "{\"timeout\":\"5\"}").statusCode())
        .as("a job token dies with its job")
        .isEqualTo(401);
  }

  @Test
  void plainTextLogsLoseTheirTimestampEscapesWhichStayInStorage() throws Exception {
    AgentHarness.Running job = h.startJob("steps:\n  - command: echo log\n");
    String raw = "\u001b_bk;t=1700000000000\u0007~~~ Setup\n\u001b_bk;t=1700000001500\u0007héllo\n";
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    assertThat(h.chunk(job.jobId(), job.jobToken(), 1, 0, bytes).statusCode()).isEqualTo(201);
    String times =
        "{\"header_times\":{\"0\":\"2023-11-14T22:13:20.123456789Z\",\"1\":\"2023-11-14T22:13:21Z\"}}";
    assertThat(
            h.call("POST", "/v3/jobs/" + job.jobId() + "/header_times", job.jobToken(), times)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.call(
                    "POST",
                    "/v3/jobs/" + job.jobId() + "/header_times",
                    job.jobToken(),
                    "{\"header_times\":{\"x\":\"y\"}}")
                .statusCode())
        .isEqualTo(400);

    String logPath =
        "/v2/organizations/default/pipelines/p"
            + Integer.toHexString("steps:\n  - command: echo log\n".hashCode())
            + "/builds/"
            + job.buildNumber()
            + "/jobs/"
            + job.jobId();
    assertThat(h.restCall("GET", logPath + "/log.txt", null).body())
        .isEqualTo("~~~ Setup\nhéllo\n");
    assertThat(h.restCall("GET", logPath + "/log.txt?timestamps=true", null).body())
        .isEqualTo("[2023-11-14T22:13:20Z] ~~~ Setup\n[2023-11-14T22:13:21.500Z] héllo\n");
    JsonNode json = h.rest("GET", logPath + "/log", null);
    assertThat(json.path("content").asText()).isEqualTo(raw);
    assertThat(json.path("size").asInt()).isEqualTo(bytes.length);
    assertThat(json.path("header_times").get(0).asLong()).isEqualTo(1700000000123L);
    assertThat(json.path("header_times").get(1).asLong()).isEqualTo(1700000001000L);
  }

  private static String jobWithKey(JsonNode build, String key) {
    for (JsonNode job : build.path("jobs")) {
      if (key.equals(job.path("step_key").asText())) {
        return job.path("id").asText();
      }
    }
    throw new AssertionError("no job with key " + key + " in " + build);
  }
}
