package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.CairnProcess;
import dev.cairn.testkit.GitRepository;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins and the job API from pipeline YAML to job log, with a real server and a real agent
 * process: a step's {@code plugins:} (list form, with and without configuration) reach the agent as
 * {@code BUILDKITE_PLUGINS}, the plugin is cloned from a local git repository at a tag, its hooks
 * see their configuration, and the step's {@code buildkite-agent env set} and {@code redactor add}
 * reach the plugin's post-command hook and the log.
 */
class PluginsEndToEndTest {
  @TempDir static Path work;
  private static ServerProcess server;
  private static CairnProcess agent;
  private static RestApi api;
  private static Path pluginRepo;

  /** {@code cairn agent start} with a plugins path. */
  static final class PluginAgent extends CairnProcess {
    PluginAgent(List<String> args, Path output) {
      super(args, Map.of(), output);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    pluginRepo = Files.createDirectories(work.resolve("src/report-buildkite-plugin"));
    Files.createDirectories(pluginRepo.resolve("hooks"));
    Files.writeString(
        pluginRepo.resolve("hooks/pre-command"),
        "echo \"report pre-command: $BUILDKITE_PLUGIN_REPORT_TITLE"
            + " $BUILDKITE_PLUGIN_REPORT_FILES_1\"\n");
    Files.writeString(
        pluginRepo.resolve("hooks/post-command"),
        "echo \"report post-command: from-step=$FROM_STEP\"\n");
    GitRepository.commitAllAndTag(pluginRepo, "v1.0.0");
    server = ServerProcess.start(work.resolve("data"));
    agent =
        new PluginAgent(
            List.of(
                "agent",
                "start",
                "--endpoint",
                server.agentEndpoint(),
                "--token",
                ServerProcess.REGISTRATION_TOKEN,
                "--name",
                "plugins-%spawn",
                "--build-path",
                work.resolve("builds").toString(),
                "--plugins-path",
                work.resolve("plugins").toString()),
            work.resolve("plugins-agent.log"));
    api = server.api();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (agent != null) {
      agent.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aStepsPluginRunsItsHooksAndTheJobApiChangesLaterHooks() throws Exception {
    api.createPipeline(
        "plugged",
        """
        steps:
          - key: plugged
            command: |
              buildkite-agent env set FROM_STEP=set-by-step
              printf 'very-%%s' secret-value | buildkite-agent redactor add
              printf 'leak very-%%s\\n' secret-value
            plugins:
              - %s#v1.0.0:
                  title: Weekly
                  files: [a.txt, b.txt]
        """
            .formatted(pluginRepo));
    long number = api.createBuild("plugged");
    JsonNode build;
    try {
      build = api.awaitFinished("plugged", number, Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- server\n" + server.output() + "\n--- agent\n" + agent.output(),
          e);
    }

    String jobId = build.path("jobs").get(0).path("id").asText();
    String log = api.log("plugged", number, jobId);
    assertThat(build.path("state").asText())
        .as(log + "\n--- agent\n" + agent.output())
        .isEqualTo("passed");
    assertThat(log)
        .containsSubsequence(
            "~~~ Preparing plugins",
            "~~~ Running plugin report pre-command hook",
            "report pre-command: Weekly b.txt",
            "leak [REDACTED]",
            "report post-command: from-step=set-by-step")
        .doesNotContain("very-secret-value");
  }
}
