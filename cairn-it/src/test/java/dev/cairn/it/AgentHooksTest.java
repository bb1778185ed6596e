package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own hooks through a real server and a real {@code cairn agent start} process: a
 * {@code pre-bootstrap} hook in {@code --hooks-path} that reads the job's env file and refuses one
 * job (exit -1, {@code agent_refused}, its command never runs) while another runs; and {@code
 * agent-startup} and {@code agent-shutdown} hooks from {@code --additional-hooks-paths}.
 */
class AgentHooksTest {
  @TempDir Path work;

  @Test
  void preBootstrapRefusesAJobAndLifecycleHooksRunFromAnAdditionalPath() throws Exception {
    Path marker = work.resolve("refused-command-ran");
    Path lifecycle = work.resolve("lifecycle");
    Path hooks =
        hook(
            "hooks",
            "pre-bootstrap",
            """
            echo "vetting $BUILDKITE_JOB_ID token=$BUILDKITE_AGENT_ACCESS_TOKEN"
            if grep -q '^REFUSE_ME=' "$BUILDKITE_ENV_FILE"; then echo refusing; exit 1; fi
            """);
    Path extra =
        hook("extra", "agent-startup", "echo \"startup $BUILDKITE_AGENT_NAMES\" >> " + lifecycle);
    hook("extra", "agent-shutdown", "echo \"shutdown $BUILDKITE_AGENT_NAMES\" >> " + lifecycle);

    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            AgentProcess.start(
                server,
                "hooked",
                work,
                List.of(
                    "--hooks-path",
                    hooks.toString(),
                    "--additional-hooks-paths",
                    extra.toString()))) {
      RestApi api = server.api();
      api.createPipeline(
          "vetted",
          """
          steps:
            - key: refused
              command: touch %s; echo refused-ran
              env:
                REFUSE_ME: "yes"
            - key: accepted
              command: echo accepted-ran
          """
              .formatted(marker));
      long number = api.createBuild("vetted");

      JsonNode build = api.awaitFinished("vetted", number, Duration.ofSeconds(90));

      JsonNode refused = job(build, "refused");
      String refusedLog = api.log("vetted", number, refused.path("id").asText());
      assertThat(refused.path("exit_status").asInt()).as(refusedLog).isEqualTo(-1);
      assertThat(refused.path("signal_reason").asText()).isEqualTo("agent_refused");
      assertThat(refusedLog)
          .contains("pre-bootstrap hook rejected this job")
          .doesNotContain("refused-ran\n", "vetting");
      assertThat(marker).as("the refused command never ran").doesNotExist();
      JsonNode accepted = job(build, "accepted");
      assertThat(accepted.path("exit_status").asInt()).isZero();
      assertThat(api.log("vetted", number, accepted.path("id").asText())).contains("accepted-ran");
      assertThat(build.path("state").asText()).isEqualTo("failed");

      assertThat(agent.output())
          .contains(
              "pre-bootstrap hook: vetting " + refused.path("id").asText() + " token=[REDACTED]")
          .contains("pre-bootstrap hook: refusing");
      assertThat(agent.terminate(60)).as(agent.output()).isTrue();
      assertThat(Files.readAllLines(lifecycle))
          .containsExactly("startup hooked-1", "shutdown hooked-1");
    }
  }

  private Path hook(String dir, String name, String body) throws IOException {
    Path hooks = Files.createDirectories(work.resolve(dir));
    Path hook = hooks.resolve(name);
    Files.writeString(hook, "#!/bin/bash\n" + body + "\n");
    assertThat(hook.toFile().setExecutable(true)).isTrue();
    return hooks;
  }

  private static JsonNode job(JsonNode build, String key) {
    for (JsonNode job : build.path("jobs")) {
      if (key.equals(job.path("step_key").asText())) {
        return job;
      }
    }
    throw new AssertionError("no job " + key + " in " + build);
  }
}
