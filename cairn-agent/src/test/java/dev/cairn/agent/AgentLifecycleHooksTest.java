package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.api.Timing;
import dev.cairn.agent.job.JobSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code agent-startup} and {@code agent-shutdown} hooks with a real agent, real bash hooks and
 * {@link FakeAgentApi} over real HTTP: startup runs once every worker has registered and before any
 * connects, with their ids and names; shutdown runs once every worker has disconnected; a failing
 * startup hook keeps every worker from connecting and ends the agent. No test sleeps: the startup
 * hook waits on a named pipe that the test writes when it has checked the server's calls.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class AgentLifecycleHooksTest {
  @TempDir Path work;
  private FakeAgentApi server;
  private Agent agent;
  private Path hooks;
  private Path extra;

  @BeforeEach
  void start() throws Exception {
    server = FakeAgentApi.start();
    hooks = Files.createDirectory(work.resolve("hooks"));
    extra = Files.createDirectory(work.resolve("extra"));
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.cancelAndStop();
      assertThat(agent.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
    server.close();
  }

  @Test
  void startupRunsBetweenRegisterAndConnectAndShutdownAfterDisconnect() throws Exception {
    Path go = work.resolve("go");
    mkfifo(go);
    Path seen = work.resolve("seen");
    executable(
        hooks,
        "agent-startup",
        "echo \"startup ids=$BUILDKITE_AGENT_IDS names=$BUILDKITE_AGENT_NAMES\" >> " + seen);
    executable(extra, "agent-startup", "echo extra-startup >> " + seen + "; read line < " + go);
    executable(
        extra,
        "agent-shutdown",
        "echo \"shutdown names=$BUILDKITE_AGENT_NAMES token=${BUILDKITE_AGENT_TOKEN:-none}\" >> "
            + seen);
    start(2);

    try (OutputStream release = Files.newOutputStream(go)) {
      // Open: the startup hooks are running and wait for this line.
      assertThat(server.calls()).contains("POST register").doesNotContain("POST connect");
      release.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    server.await("both connected", () -> connects() == 2 ? true : null);
    agent.stop();
    assertThat(agent.awaitTermination(Duration.ofSeconds(20))).isTrue();

    assertThat(agent.startupHookFailed()).isFalse();
    assertThat(server.calls()).contains("POST disconnect");
    assertThat(Files.readAllLines(seen))
        .containsExactly(
            "startup ids=agent-id-1,agent-id-1 names=life-1,life-2",
            "extra-startup",
            "shutdown names=life-1,life-2 token=none");
  }

  @Test
  void aFailingStartupHookKeepsEveryWorkerFromConnectingAndEndsTheAgent() throws Exception {
    Path seen = work.resolve("seen");
    executable(hooks, "agent-startup", "echo startup >> " + seen + "; exit 4");
    executable(extra, "agent-startup", "echo must-not-run >> " + seen);
    executable(hooks, "agent-shutdown", "echo shutdown >> " + seen);
    start(2);

    assertThat(agent.awaitTermination(Duration.ofSeconds(20))).as("ends by itself").isTrue();

    assertThat(agent.startupHookFailed()).isTrue();
    assertThat(server.calls()).contains("POST register").doesNotContain("POST connect");
    assertThat(Files.readAllLines(seen)).containsExactly("startup", "shutdown");
  }

  @Test
  void withoutAStartupHookWorkersConnectAtOnceAndShutdownStillRuns() throws Exception {
    Path seen = work.resolve("seen");
    executable(hooks, "agent-shutdown", "echo shutdown ids=$BUILDKITE_AGENT_IDS >> " + seen);
    start(1);
    server.await("connected", () -> connects() == 1 ? true : null);

    agent.stop();
    assertThat(agent.awaitTermination(Duration.ofSeconds(20))).isTrue();

    assertThat(Files.readAllLines(seen)).containsExactly("shutdown ids=agent-id-1");
  }

  private long connects() {
    return server.calls().stream().filter("POST connect"::equals).count();
  }

  private void start(int spawn) {
    JobSettings jobs =
        JobSettings.DEFAULTS.withAdditionalHooksPaths(List.of(extra)).withHooksPath(hooks);
    AgentConfig config =
        AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
            .withName("life-%spawn")
            .withSpawn(spawn)
            .withBuildPath(work.resolve("builds"))
            .withJobs(jobs);
    Map<String, String> env =
        Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", work.toString(),
            "BUILDKITE_AGENT_TOKEN", FakeAgentApi.REGISTRATION_TOKEN);
    agent = new Agent(config, AgentListener.NONE, Timing.system(), env);
    agent.start();
  }

  private static void executable(Path dir, String name, String body) throws Exception {
    JobRig.script(dir.resolve(name), body);
    Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rwx------"));
  }

  private static void mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
  }
}
