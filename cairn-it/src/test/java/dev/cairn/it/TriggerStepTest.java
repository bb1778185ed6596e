package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trigger steps end to end with a real server and agent process: a parent pipeline triggers a child
 * pipeline and waits for it (the step after the trigger starts only once the child build has
 * finished); the child's job sees who triggered it, the env and the meta-data the step passed; the
 * REST API links the two builds both ways; and a trigger of a pipeline that does not exist fails
 * its build with the reason in the explanation and the job's log.
 */
class TriggerStepTest {
  private static final String AGENT_CALL =
      "curl -sf -X POST -H \"Authorization: Token $$BUILDKITE_AGENT_ACCESS_TOKEN\""
          + " -H 'Content-Type: application/json' \"$$BUILDKITE_AGENT_ENDPOINT/jobs/$$BUILDKITE_JOB_ID";

  @TempDir static Path work;
  private static ServerProcess server;
  private static AgentProcess agents;
  private static RestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    server = ServerProcess.start(work.resolve("data"));
    agents = AgentProcess.start(server, "triggers", 2, work);
    api = server.api();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (agents != null) {
      agents.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aParentWaitsForTheChildBuildItTriggers() throws Exception {
    api.createPipeline(
        "child",
        """
        steps:
          - key: work
            command: |
              echo "from=$$BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG#$$BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER id=$$BUILDKITE_TRIGGERED_FROM_BUILD_ID"
              echo "source=$$BUILDKITE_SOURCE target=$$TARGET"
              %s/data/get" -d '{"key":"release"}'
              sleep 1
        """
            .formatted(AGENT_CALL));
    api.createPipeline(
        "parent",
        """
        steps:
          - key: first
            command: echo first
          - trigger: child
            key: deploy
            label: Deploy child
            build:
              env:
                TARGET: staging
              meta_data:
                release: "4.5.6"
          - wait
          - key: after
            command: echo after
        """);
    long number = api.createBuild("parent");
    JsonNode parent = api.awaitFinished("parent", number, Duration.ofSeconds(90));
    assertThat(parent.path("state").asText()).as(agents.output()).isEqualTo("passed");

    Map<String, JsonNode> jobs = byKey(parent);
    JsonNode deploy = jobs.get("deploy");
    assertThat(deploy.path("type").asText()).isEqualTo("trigger");
    assertThat(deploy.path("state").asText()).isEqualTo("passed");
    assertThat(deploy.path("name").asText()).isEqualTo("Deploy child");
    JsonNode made = deploy.path("triggered_build");
    long childNumber = made.path("number").asLong();
    assertThat(made.path("url").asText())
        .endsWith("/v2/organizations/default/pipelines/child/builds/" + childNumber);
    assertThat(made.path("web_url").asText()).endsWith("/default/child/builds/" + childNumber);

    JsonNode child = api.build("child", childNumber);
    assertThat(child.path("id").asText()).isEqualTo(made.path("id").asText());
    assertThat(child.path("state").asText()).isEqualTo("passed");
    assertThat(child.path("source").asText()).isEqualTo("trigger_job");
    assertThat(child.path("message").asText()).isEqualTo("Deploy child");
    assertThat(child.path("triggered_from").path("build_id").asText())
        .isEqualTo(parent.path("id").asText());
    assertThat(child.path("triggered_from").path("build_number").asLong()).isEqualTo(number);
    assertThat(child.path("triggered_from").path("build_pipeline_slug").asText())
        .isEqualTo("parent");

    String log = api.log("child", childNumber, byKey(child).get("work").path("id").asText());
    assertThat(log)
        .contains("from=parent#" + number + " id=" + parent.path("id").asText())
        .contains("source=trigger_job target=staging")
        .contains("\"value\":\"4.5.6\"");

    // Sync: the trigger job ran exactly as long as the child build, and what follows waited.
    Instant childFinished = Instant.parse(child.path("finished_at").asText());
    assertThat(Instant.parse(deploy.path("finished_at").asText())).isAfterOrEqualTo(childFinished);
    assertThat(Instant.parse(jobs.get("after").path("started_at").asText()))
        .isAfterOrEqualTo(childFinished);
  }

  @Test
  void aTriggerOfAMissingPipelineFailsItsBuildAndSaysWhy() throws Exception {
    api.createPipeline(
        "orphan",
        """
        steps:
          - trigger: no-such-pipeline
            key: nowhere
          - wait
          - key: never
            command: echo never
        """);
    long number = api.createBuild("orphan");
    JsonNode build = api.awaitFinished("orphan", number, Duration.ofSeconds(60));
    assertThat(build.path("state").asText()).isEqualTo("failed");
    Map<String, JsonNode> jobs = byKey(build);
    assertThat(jobs.get("nowhere").path("state").asText()).isEqualTo("failed");
    assertThat(jobs.get("nowhere").path("triggered_build").isNull()).isTrue();
    assertThat(jobs.get("never").path("state").asText()).isEqualTo("broken");

    RestApi.Reply explain = api.send("GET", api.buildPath("orphan", number) + "/explain", null);
    assertThat(explain.body())
        .contains(
            "\"nowhere\" failed: no pipeline \"no-such-pipeline\" in organization \"default\"");
    assertThat(api.log("orphan", number, jobs.get("nowhere").path("id").asText()))
        .contains("trigger failed: no pipeline \"no-such-pipeline\"");
  }

  private static Map<String, JsonNode> byKey(JsonNode build) {
    Map<String, JsonNode> jobs = new HashMap<>();
    build.path("jobs").forEach(j -> jobs.put(j.path("step_key").asText(), j));
    return jobs;
  }
}
