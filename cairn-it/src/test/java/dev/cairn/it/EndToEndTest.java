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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real server process (free port) and a real agent process run whole builds; every assertion goes
 * through the REST API, as a user's script would. The class runs once on the embedded database and
 * once on PostgreSQL ({@link ServerOnDatabase}), and afterwards every stored history must replay.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("dev.cairn.it.ServerOnDatabase#databases")
class EndToEndTest {
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
    agents = AgentProcess.start(server, "e2e", 2, work);
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
  void aFailedStepFailsTheBuildAndNothingAfterItsWaitRuns() throws InterruptedException {
    api.createPipeline(
        "fails",
        """
        steps:
          - key: first
            label: First
            command: echo "first step output"
          - key: second
            label: Second
            command: |
              echo "about to fail"
              exit 3
          - wait
          - key: after
            label: After
            command: echo "must not run"
        """);
    long number = api.createBuild("fails");
    JsonNode build = awaitFinished("fails", number);

    assertThat(build.path("state").asText()).isEqualTo("failed");
    Map<String, JsonNode> jobs = jobsByKey(build);
    assertThat(jobs.get("first").path("state").asText()).isEqualTo("passed");
    assertThat(jobs.get("first").path("exit_status").asInt()).isZero();
    assertThat(jobs.get("second").path("state").asText()).isEqualTo("failed");
    assertThat(jobs.get("second").path("exit_status").asInt()).isEqualTo(3);
    assertThat(jobs.get("after").path("state").asText()).isEqualTo("broken");
    assertThat(jobs.get("after").path("exit_status").isNull()).isTrue();
    assertThat(jobs.get("after").path("started_at").isNull()).isTrue();
    JsonNode waiter = build.path("jobs").get(2);
    assertThat(waiter.path("type").asText()).isEqualTo("waiter");
    assertThat(waiter.path("state").asText()).isEqualTo("waiting_failed");

    assertThat(api.log("fails", number, jobs.get("first").path("id").asText()))
        .contains("first step output");
    assertThat(api.log("fails", number, jobs.get("second").path("id").asText()))
        .contains("about to fail");
    assertThat(api.log("fails", number, jobs.get("after").path("id").asText())).isEmpty();
  }

  @Test
  void dependsOnOrdersStepsAndThePassingBuildPasses() throws InterruptedException {
    api.createPipeline(
        "orders",
        """
        steps:
          - key: compile
            command: sleep 0.3; echo compiled
          - key: test
            depends_on: compile
            command: echo "tested $$BUILDKITE_STEP_KEY on $$BUILDKITE_AGENT_NAME"
          - wait
          - key: ship
            command: echo shipped
        """);
    long number = api.createBuild("orders");
    JsonNode build = awaitFinished("orders", number);

    assertThat(build.path("state").asText()).isEqualTo("passed");
    Map<String, JsonNode> jobs = jobsByKey(build);
    assertThat(jobs.values())
        .allSatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("passed"));
    assertThat(startOf(jobs.get("test"))).isAfterOrEqualTo(endOf(jobs.get("compile")));
    assertThat(startOf(jobs.get("ship"))).isAfterOrEqualTo(endOf(jobs.get("test")));
    assertThat(api.log("orders", number, jobs.get("test").path("id").asText()))
        .contains("tested test on e2e-");
  }

  @Test
  void aCanceledBuildStopsItsRunningJob() throws InterruptedException {
    api.createPipeline(
        "cancels",
        """
        steps:
          - key: long
            command: echo started; sleep 60
          - wait
          - key: never
            command: echo never
        """);
    long number = api.createBuild("cancels");
    awaitJobState("cancels", number, "long", "running");
    api.json("PUT", api.buildPath("cancels", number) + "/cancel", null);
    JsonNode build = awaitFinished("cancels", number);

    assertThat(build.path("state").asText()).isEqualTo("canceled");
    Map<String, JsonNode> jobs = jobsByKey(build);
    assertThat(jobs.get("long").path("state").asText()).isEqualTo("canceled");
    assertThat(jobs.get("never").path("state").asText()).isEqualTo("canceled");
  }

  private static JsonNode awaitFinished(String slug, long number) throws InterruptedException {
    try {
      return api.awaitFinished(slug, number, Duration.ofSeconds(90));
    } catch (IllegalStateException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- server\n" + server.output() + "\n--- agents\n" + agents.output(),
          e);
    }
  }

  private static void awaitJobState(String slug, long number, String key, String state)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!state.equals(jobsByKey(api.build(slug, number)).get(key).path("state").asText())) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("job " + key + " never became " + state + "\n" + agents.output());
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, JsonNode> jobsByKey(JsonNode build) {
    Map<String, JsonNode> jobs = new HashMap<>();
    for (JsonNode job : build.path("jobs")) {
      if (!job.path("step_key").isNull()) {
        jobs.put(job.path("step_key").asText(), job);
      }
    }
    return jobs;
  }

  private static Instant startOf(JsonNode job) {
    return Instant.parse(job.path("started_at").asText());
  }

  private static Instant endOf(JsonNode job) {
    return Instant.parse(job.path("finished_at").asText());
  }
}
