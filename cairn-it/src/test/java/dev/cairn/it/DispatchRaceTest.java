package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight agents (two processes of four) race for a hundred runnable jobs. Every job writes its id to
 * a shared file as it runs; the file must hold each job exactly once.
 */
class DispatchRaceTest {
  private static final int JOBS = 100;

  @TempDir Path work;

  @Test
  void eightAgentsRunAHundredJobsExactlyOnceEach() throws Exception {
    Path ran = work.resolve("ran.txt");
    Files.createFile(ran);
    StringBuilder steps = new StringBuilder("steps:\n");
    for (int i = 0; i < JOBS; i++) {
      steps
          .append("  - label: job ")
          .append(i)
          .append("\n    command: echo \"$$BUILDKITE_JOB_ID $$BUILDKITE_AGENT_NAME\" >> ")
          .append(ran)
          .append('\n');
    }
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess a = AgentProcess.start(server, "race-a", 4, work);
        AgentProcess b = AgentProcess.start(server, "race-b", 4, work)) {
      server.api().createPipeline("race", steps.toString());
      long number = server.api().createBuild("race");
      JsonNode build = server.api().awaitFinished("race", number, Duration.ofMinutes(3));

      assertThat(build.path("state").asText()).as(a.output() + b.output()).isEqualTo("passed");
      Set<String> jobIds = new HashSet<>();
      build.path("jobs").forEach(j -> jobIds.add(j.path("id").asText()));
      assertThat(jobIds).hasSize(JOBS);

      List<String> lines = Files.readAllLines(ran);
      List<String> ranIds = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
      assertThat(ranIds).hasSize(JOBS).doesNotHaveDuplicates();
      assertThat(new HashSet<>(ranIds)).isEqualTo(jobIds);
      Set<String> agentNames = new HashSet<>();
      lines.forEach(l -> agentNames.add(l.substring(l.indexOf(' ') + 1)));
      assertThat(agentNames).as("more than one agent took part").hasSizeGreaterThan(1);
    }
    ServerOnDatabase.verifyHistories(StoreConfig.embedded(work.resolve("data")));
  }
}
