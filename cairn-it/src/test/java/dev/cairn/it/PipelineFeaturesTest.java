package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scheduling features end to end with a real server and agent process: a dynamic pipeline upload
 * made by a job over the agent API, a block step unblocked through the REST API whose field becomes
 * meta-data a later step reads, an automatic retry, and a matrix. Runs once per database ({@link
 * ServerOnDatabase}).
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("dev.cairn.it.ServerOnDatabase#databases")
class PipelineFeaturesTest {
  private static final String AGENT_CALL =
      "curl -sf -X POST -H \"Authorization: Token $$BUILDKITE_AGENT_ACCESS_TOKEN\""
          + " -H 'Content-Type: application/json' \"$$BUILDKITE_AGENT_ENDPOINT/jobs/$$BUILDKITE_JOB_ID";

  @TempDir static Path root;
  private static ServerOnDatabase running;
  private static Path work;

  /** The database this run of the class is on (also in the test's display name). */
  @Parameter TestDatabase.Kind database;

  private static ServerProcess server;
  private static AgentProcess agents;
  private static RestApi api;

  @BeforeParameterizedClassInvocation
  static void start(TestDatabase.Kind kind) throws Exception {
    running = ServerOnDatabase.start(kind, root);
    work = running.work;
    server = running.server;
    agents = AgentProcess.start(server, "features", 2, work);
    api = server.api();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws InterruptedException {
    if (agents != null) {
      agents.close();
    }
    if (running != null) {
      running.close();
    }
  }

  @Test
  void anUploadedStepRunsBeforeTheWaitAndABlockFieldReachesTheNextStep() throws Exception {
    api.createPipeline(
        "release",
        """
        steps:
          - key: gen
            command: |
              %s/pipelines" -d '{"uuid":"8d2f3f1e-0a5b-4c1e-9d7a-2b6f0c3e4a51","pipeline":{"steps":[{"key":"dyn","command":"echo dynamic step ran"}]}}'
          - wait
          - block: "Release?"
            key: release
            fields:
              - text: Version
                key: version
          - key: deploy
            command: |
              %s/data/get" -d '{"key":"version"}'
        """
            .formatted(AGENT_CALL, AGENT_CALL));
    long number = api.createBuild("release");
    JsonNode blocked = awaitState("release", number, "blocked");
    assertThat(blocked.path("blocked").asBoolean()).isTrue();
    Map<String, JsonNode> jobs = byKey(blocked);
    assertThat(jobs.get("dyn").path("state").asText()).isEqualTo("passed");
    assertThat(api.log("release", number, jobs.get("dyn").path("id").asText()))
        .contains("dynamic step ran");
    assertThat(jobs.get("release").path("type").asText()).isEqualTo("manual");

    api.json(
        "PUT",
        api.buildPath("release", number)
            + "/jobs/"
            + jobs.get("release").path("id").asText()
            + "/unblock",
        Map.of("fields", Map.of("version", "1.2.3")));
    JsonNode build = api.awaitFinished("release", number, Duration.ofSeconds(60));

    assertThat(build.path("state").asText()).as(agents.output()).isEqualTo("passed");
    assertThat(api.log("release", number, byKey(build).get("deploy").path("id").asText()))
        .contains("\"value\":\"1.2.3\"");
  }

  @Test
  void aFailingStepIsRetriedByItsRuleAndTheRetryIsLinked() throws Exception {
    Path marker = work.resolve("flaky-marker");
    api.createPipeline(
        "flaky",
        """
        steps:
          - key: flaky
            command: |
              if [ -f %s ]; then echo "second try passes"; else touch %s; echo "first try fails"; exit 3; fi
            retry:
              automatic:
                - exit_status: 3
                  limit: 1
          - key: matrix
            command: "echo on {{matrix}}"
            matrix: [linux, macos]
        """
            .formatted(marker, marker));
    long number = api.createBuild("flaky");
    JsonNode build = api.awaitFinished("flaky", number, Duration.ofSeconds(60));

    assertThat(build.path("state").asText()).as(agents.output()).isEqualTo("passed");
    List<JsonNode> attempts = new ArrayList<>();
    List<String> matrixLabels = new ArrayList<>();
    for (JsonNode job : build.path("jobs")) {
      if ("flaky".equals(job.path("step_key").asText())) {
        attempts.add(job);
      }
      if ("matrix".equals(job.path("step_key").asText())) {
        matrixLabels.add(job.path("name").asText());
      }
    }
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).path("state").asText()).isEqualTo("failed");
    assertThat(attempts.get(0).path("retried").asBoolean()).isTrue();
    assertThat(attempts.get(0).path("retried_in_job_id").asText())
        .isEqualTo(attempts.get(1).path("id").asText());
    assertThat(attempts.get(1).path("state").asText()).isEqualTo("passed");
    assertThat(api.log("flaky", number, attempts.get(1).path("id").asText()))
        .contains("second try passes");
    assertThat(matrixLabels).containsExactly("echo on linux", "echo on macos");

    RestApi.Reply explain = api.send("GET", api.buildPath("flaky", number) + "/explain", null);
    assertThat(explain.status()).isEqualTo(200);
    assertThat(explain.body()).contains("retried as attempt 1").contains("build finished: passed");
  }

  private static JsonNode awaitState(String slug, long number, String state)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      JsonNode build = api.build(slug, number);
      if (state.equals(build.path("state").asText())) {
        return build;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "build never became " + state + ": " + build + "\n" + agents.output());
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, JsonNode> byKey(JsonNode build) {
    Map<String, JsonNode> jobs = new java.util.HashMap<>();
    build.path("jobs").forEach(j -> jobs.put(j.path("step_key").asText(), j));
    return jobs;
  }
}
