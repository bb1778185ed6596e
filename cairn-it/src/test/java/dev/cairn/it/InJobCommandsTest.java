package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.CairnProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * Cairn's own agent against a real server, both real processes: steps call {@code buildkite-agent
 * meta-data}, {@code artifact upload/download}, {@code annotate} and {@code pipeline upload} (the
 * script the agent puts on the job's PATH), and agent hooks from {@code --hooks-path} run around
 * them. Everything is checked through the REST API and the job logs. Runs once per database ({@link
 * ServerOnDatabase}): meta-data, artifacts and annotations are stored in it.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("dev.cairn.it.ServerOnDatabase#databases")
class InJobCommandsTest {
  @TempDir static Path root;
  private static ServerOnDatabase running;
  private static Path work;

  /** The database this run of the class is on (also in the test's display name). */
  @Parameter TestDatabase.Kind database;

  private static ServerProcess server;
  private static HookedAgent agent;
  private static RestApi api;

  /** {@code cairn agent start} with a hooks path, one worker. */
  static final class HookedAgent extends CairnProcess {
    HookedAgent(ServerProcess server, Path hooks, Path workDir) {
      super(
          List.of(
              "agent",
              "start",
              "--endpoint",
              server.agentEndpoint(),
              "--token",
              ServerProcess.REGISTRATION_TOKEN,
              "--name",
              "injob-%spawn",
              "--build-path",
              workDir.resolve("builds").toString(),
              "--hooks-path",
              hooks.toString()),
          Map.of(),
          workDir.resolve("injob-agent.log"));
    }
  }

  @BeforeParameterizedClassInvocation
  static void start(TestDatabase.Kind kind) throws Exception {
    running = ServerOnDatabase.start(kind, root);
    work = running.work;
    Path hooks = Files.createDirectories(work.resolve("hooks"));
    Files.writeString(
        hooks.resolve("environment"),
        "export FROM_HOOK=hooked\nexport DEPLOY_PASSWORD=pa55word-xyz\n");
    Files.writeString(
        hooks.resolve("post-command"),
        "echo \"post-command saw $BUILDKITE_COMMAND_EXIT_STATUS\"\n");
    server = running.server;
    agent = new HookedAgent(server, hooks, work);
    api = server.api();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws InterruptedException {
    if (agent != null) {
      agent.close();
    }
    if (running != null) {
      running.close();
    }
  }

  @Test
  void stepsUseTheInJobCommandsAndHooks() throws Exception {
    api.createPipeline(
        "injob",
        """
        steps:
          - key: producer
            command: |
              buildkite-agent meta-data set colour blue
              head -c 300000 /dev/urandom > blob.bin
              echo "plain text" > notes.txt
              buildkite-agent artifact upload "blob.bin;*.txt"
              buildkite-agent annotate --style info --context e2e "made **blob**"
              echo "hook says $$FROM_HOOK and $$DEPLOY_PASSWORD"
          - wait
          - key: consumer
            command: |
              test "$(buildkite-agent meta-data get colour)" = blue
              status=0; buildkite-agent meta-data exists nope || status=$?
              test "$$status" = 100
              test "$(buildkite-agent meta-data get nope --default fallback)" = fallback
              rm -rf in && mkdir in
              buildkite-agent artifact download "blob.bin" in
              cmp blob.bin in/blob.bin
              buildkite-agent artifact shasum blob.bin
              printf 'steps:\\n  - key: generated\\n    command: echo "generated for $$BUILDKITE_PIPELINE_SLUG"\\n' > gen.yml
              buildkite-agent pipeline upload gen.yml
        """);
    long number = api.createBuild("injob");
    JsonNode build = awaitFinished("injob", number);

    Map<String, JsonNode> jobs = jobsByKey(build);
    String producerLog = api.log("injob", number, jobs.get("producer").path("id").asText());
    String consumerLog = api.log("injob", number, jobs.get("consumer").path("id").asText());
    assertThat(build.path("state").asText())
        .as(
            "build %s\n--- producer\n%s\n--- consumer\n%s\n--- agent\n%s",
            build, producerLog, consumerLog, agent.output())
        .isEqualTo("passed");
    assertThat(producerLog)
        .contains("hook says hooked and [REDACTED]", "post-command saw 0")
        .doesNotContain("pa55word-xyz");
    assertThat(consumerLog).containsPattern("[0-9a-f]{40}");
    assertThat(jobs).containsKey("generated");
    assertThat(api.log("injob", number, jobs.get("generated").path("id").asText()))
        .contains("generated for injob");
    JsonNode annotations = api.json("GET", api.buildPath("injob", number) + "/annotations", null);
    assertThat(annotations.toString()).contains("made **blob**", "e2e", "info");
  }

  private static JsonNode awaitFinished(String slug, long number) throws InterruptedException {
    try {
      return api.awaitFinished(slug, number, Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- server\n" + server.output() + "\n--- agent\n" + agent.output(),
          e);
    }
  }

  private static Map<String, JsonNode> jobsByKey(JsonNode build) {
    Map<String, JsonNode> jobs = new HashMap<>();
    for (JsonNode job : build.path("jobs")) {
      if (job.hasNonNull("step_key")) {
        jobs.put(job.path("step_key").asText(), job);
      }
    }
    return jobs;
  }
}
