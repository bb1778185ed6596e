package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that cannot hand a job a pseudo-terminal — here because {@code setsid} is not on its
 * {@code PATH}, which holds only {@code bash} — still runs the job, on pipes, and says why in one
 * warning line of the job log; the job sees {@code BUILDKITE_PTY=false}.
 */
class PtyFallbackTest {
  @TempDir Path work;

  @Test
  void withoutATerminalTheJobRunsOnPipesAndTheLogSaysWhyOnce() throws Exception {
    Path bin = Files.createDirectory(work.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("bash"), Path.of("/bin/bash").toRealPath());
    try (ServerProcess server = ServerProcess.start(work.resolve("data"))) {
      RestApi api = server.api();
      api.createPipeline(
          "fallback",
          "steps:\n  - command: if test -t 1; then echo has-a-terminal; else echo on-pipes; fi;"
              + " echo pty=$$BUILDKITE_PTY\n");
      long number = api.createBuild("fallback");
      List<String> flags =
          List.of(
              "--endpoint",
              server.agentEndpoint(),
              "--token",
              ServerProcess.REGISTRATION_TOKEN,
              "--name",
              "fallback-%spawn",
              "--build-path",
              work.resolve("builds").toString(),
              "--disconnect-after-job");
      try (AgentProcess agent =
          AgentProcess.startWith(
              flags, Map.of("PATH", bin.toString()), work.resolve("agent.log"))) {
        assertThat(agent.awaitExit(Duration.ofSeconds(60))).as(agent.output()).isTrue();
      }
      JsonNode build = api.build("fallback", number);
      String log = api.log("fallback", number, build.path("jobs").get(0).path("id").asText());
      assertThat(build.path("state").asText()).as(log).isEqualTo("passed");
      assertThat(log)
          .contains("on-pipes\n", "pty=false\n")
          .doesNotContain("has-a-terminal\n", "\r\n")
          .containsOnlyOnce("cairn-agent: warning: cannot run this job in a pseudo-terminal")
          .contains("setsid or kill is not on the agent's PATH");
    }
  }
}
