package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to an agent process lets its running job finish, then the agent exits. */
class AgentShutdownTest {
  @TempDir Path work;

  @Test
  void sigtermFinishesTheRunningJobThenExits() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent = AgentProcess.start(server, "term", 1, work)) {
      RestApi api = server.api();
      api.createPipeline(
          "term",
          "steps:\n  - key: slow\n    command: echo begun; sleep 2; echo finished-after-sigterm\n");
      long number = api.createBuild("term");
      awaitRunning(api, number, agent);

      assertThat(agent.terminate(60)).as("the agent exits after its job").isTrue();

      JsonNode build = api.awaitFinished("term", number, Duration.ofSeconds(30));
      assertThat(build.path("state").asText()).isEqualTo("passed");
      JsonNode job = build.path("jobs").get(0);
      assertThat(api.log("term", number, job.path("id").asText()))
          .contains("finished-after-sigterm");
      assertThat(agent.output()).contains("disconnect");
    }
  }

  private static void awaitRunning(RestApi api, long number, AgentProcess agent)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!"running"
        .equals(api.build("term", number).path("jobs").get(0).path("state").asText())) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the job never started:\n" + agent.output());
      }
      Thread.sleep(20);
    }
  }
}
