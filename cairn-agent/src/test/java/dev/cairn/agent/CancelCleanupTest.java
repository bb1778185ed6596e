package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.api.Timing;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.protocol.JobFinish;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cancelled job still does (spec §6 and §9.1), with real bash processes: the command's
 * process group gets the cancel signal, then post-command and pre-exit hooks run in the grace
 * window with {@code BUILDKITE_JOB_CANCELLED=true}, and a clean-up hook that outlives the window is
 * SIGKILLed with its children.
 */
final class CancelCleanupTest {
  @TempDir Path work;
  private FakeAgentApi server;
  private Agent agent;
  private Path hooks;

  @BeforeEach
  void start() throws Exception {
    server = FakeAgentApi.start();
    hooks = Files.createDirectory(work.resolve("hooks"));
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
  void postCommandAndPreExitRunAfterTheCommandIsCancelled() throws Exception {
    hook(
        "post-command",
        "echo post-command status=$BUILDKITE_COMMAND_EXIT_STATUS"
            + " cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    hook("pre-exit", "echo pre-exit cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    start(Duration.ofSeconds(5), Duration.ofSeconds(10));
    server.enqueue("job-1", command("echo ready; while true; do sleep 0.1; done"), 4096);
    server.awaitLog("job-1", "ready");

    server.setState("job-1", "canceling");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(finish.signal()).isEqualTo("SIGTERM");
    assertThat(finish.exitStatus()).isEqualTo("143");
    assertThat(server.log("job-1"))
        .containsSubsequence("post-command status=143 cancelled=true", "pre-exit cancelled=true");
  }

  @Test
  void aCleanupHookOutlivingTheGraceWindowIsKilledWithItsChildren() throws Exception {
    Path pidFile = work.resolve("sleeper.pid");
    hook(
        "post-command",
        "echo post-command-started; sleep 60 & echo $! > " + pidFile + "; wait; echo not-here");
    hook("pre-exit", "echo pre-exit-ran");
    start(Duration.ofMillis(300), Duration.ofSeconds(2));
    server.enqueue("job-1", command("echo ready; while true; do sleep 0.1; done"), 4096);
    server.awaitLog("job-1", "ready");
    long cancelledAt = System.nanoTime();

    server.setState("job-1", "canceling");
    JobFinish finish = server.awaitFinish("job-1");

    Duration took = Duration.ofNanos(System.nanoTime() - cancelledAt);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(server.log("job-1"))
        .contains("post-command-started")
        .doesNotContain("not-here", "pre-exit-ran");
    long sleeper = Long.parseLong(Files.readString(pidFile).strip());
    // SIGKILL is sent before the job can finish, but a killed orphan lingers until it is reaped,
    // and the job may now finish within that moment; a surviving `sleep 60` would stay far longer.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
        .as("the hook's child was killed with its group")
        .isFalse();
  }

  @Test
  void aCancelDuringPreCommandSkipsTheCommandAndPostCommandButRunsPreExit() throws Exception {
    hook("pre-command", "echo pre-command-ready; while true; do sleep 0.1; done");
    hook("post-command", "echo post-command-ran");
    hook("pre-exit", "echo pre-exit cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    start(Duration.ofSeconds(5), Duration.ofSeconds(10));
    server.enqueue("job-1", command("echo command-ran"), 4096);
    server.awaitLog("job-1", "pre-command-ready");

    server.setState("job-1", "canceling");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(server.log("job-1"))
        .contains("pre-exit cancelled=true")
        .doesNotContain("post-command-ran", "command-ran\n");
  }

  private void start(Duration signalGrace, Duration cancelGrace) {
    JobSettings settings =
        new JobSettings(
            hooks,
            null,
            true,
            true,
            true,
            Redactor.DEFAULT_PATTERNS,
            List.of(),
            Signal.SIGTERM,
            cancelGrace);
    AgentConfig config =
        AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
            .withName("test-%spawn")
            .withBuildPath(work.resolve("builds"))
            .withSignalGracePeriod(signalGrace)
            .withJobs(settings);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", work.toString());
    agent = new Agent(config, AgentListener.NONE, Timing.system(), env);
    agent.start();
  }

  private void hook(String name, String body) throws IOException {
    Files.writeString(hooks.resolve(name), "#!/bin/bash\n" + body + "\n");
  }

  private static Map<String, String> command(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("BUILDKITE_COMMAND", command);
    env.put("BUILDKITE_ORGANIZATION_SLUG", "acme");
    env.put("BUILDKITE_PIPELINE_SLUG", "web");
    return env;
  }
}
