package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a cancelled job still does (spec §6 and §9.1), with real bash processes: the command's
 * process group gets the cancel signal, then post-command and pre-exit hooks run in the grace
 * window with {@code BUILDKITE_JOB_CANCELLED=true}, and a clean-up hook that outlives the window is
 * SIGKILLed with its children.
 */
final class CancelCleanupTest extends RiggedJobTest {
  @Test
  void postCommandAndPreExitRunAfterTheCommandIsCancelled() throws Exception {
    rig.hook(
        "post-command",
        "echo post-command status=$BUILDKITE_COMMAND_EXIT_STATUS"
            + " cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    rig.hook("pre-exit", "echo pre-exit cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    start(Duration.ofSeconds(5), Duration.ofSeconds(10));
    server.enqueue("job-1", JobRig.command("echo rea\"\"dy; while true; do sleep 0.1; done"), 4096);
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
    rig.hook(
        "post-command",
        "echo post-command-started; sleep 60 & echo $! > " + pidFile + "; wait; echo not-here");
    rig.hook("pre-exit", "echo pre-exit-ran");
    start(Duration.ofMillis(300), Duration.ofSeconds(2));
    server.enqueue("job-1", JobRig.command("echo rea\"\"dy; while true; do sleep 0.1; done"), 4096);
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
    // The killed child is reparented to PID 1 and stays visible until that reaps it, which is not
    // immediate on every machine: wait for it to be gone rather than look once.
    ProcessHandle.of(sleeper)
        .ifPresent(child ->
            assertThat(child.onExit())
                .as("the hook's child was killed with its group")
                .succeedsWithin(Duration.ofSeconds(10)));
  }

  @Test
  void aCancelDuringPreCommandSkipsTheCommandAndPostCommandButRunsPreExit() throws Exception {
    rig.hook("pre-command", "echo pre-command-ready; while true; do sleep 0.1; done");
    rig.hook("post-command", "echo post-command-ran");
    rig.hook("pre-exit", "echo pre-exit cancelled=${BUILDKITE_JOB_CANCELLED:-no}");
    start(Duration.ofSeconds(5), Duration.ofSeconds(10));
    server.enqueue("job-1", JobRig.command("echo command-ran"), 4096);
    server.awaitLog("job-1", "pre-command-ready");

    server.setState("job-1", "canceling");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(server.log("job-1"))
        .contains("pre-exit cancelled=true")
        .doesNotContain("post-command-ran", "command-ran\n");
  }

  private void start(Duration signalGrace, Duration cancelGrace) {
    rig.start(rig.settings(null, true, cancelGrace), signalGrace);
  }
}
