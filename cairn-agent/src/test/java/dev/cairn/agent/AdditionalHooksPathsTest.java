package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --additional-hooks-paths} with a real agent and real bash hooks: every agent hook found in
 * the hooks path runs first, then the one of each additional directory in the order given, as the
 * official agent runs them; a directory that does not exist holds no hooks.
 */
final class AdditionalHooksPathsTest extends RiggedJobTest {
  private JobSettings settings(Path... additional) {
    return rig.settings(null, true, Duration.ofSeconds(10))
        .withAdditionalHooksPaths(List.of(additional));
  }

  @Test
  void hooksOfEachDirectoryRunInOrderAndShareTheirExports() throws Exception {
    Path second = Files.createDirectory(work.resolve("second"));
    Path third = Files.createDirectory(work.resolve("third"));
    rig.hook("environment", "echo first-env; export FROM_FIRST=one");
    JobRig.script(second.resolve("environment"), "echo second-env saw=$FROM_FIRST");
    JobRig.script(third.resolve("pre-command"), "echo third-pre-command");
    JobRig.script(third.resolve("post-command"), "echo third-post-command");
    rig.start(settings(second, work.resolve("missing"), third));
    server.enqueue("job-1", JobRig.command("echo the-command"), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1"))
        .containsSubsequence(
            "first-env",
            "second-env saw=one",
            "third-pre-command",
            "the-command",
            "third-post-command");
  }

  @Test
  void everyAgentCommandHookRunsInsteadOfTheCommandAndTheFirstFailureStops() throws Exception {
    Path second = Files.createDirectory(work.resolve("second"));
    Path third = Files.createDirectory(work.resolve("third"));
    rig.hook("command", "echo first-command-hook");
    JobRig.script(second.resolve("command"), "echo second-command-hook; exit 5");
    JobRig.script(third.resolve("command"), "echo third-command-hook");
    rig.start(settings(second, third));
    server.enqueue("job-1", JobRig.command("echo the-step-command"), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("5");
    assertThat(server.log("job-1"))
        .containsSubsequence("first-command-hook", "second-command-hook")
        .doesNotContain("third-command-hook", "the-step-command\n");
  }

  @Test
  void theJobSeesTheAdditionalPaths() throws Exception {
    Path second = Files.createDirectory(work.resolve("second"));
    rig.start(settings(second));
    server.enqueue("job-1", JobRig.command("echo paths=$BUILDKITE_ADDITIONAL_HOOKS_PATHS"), 4096);

    server.awaitFinish("job-1");

    assertThat(server.log("job-1")).contains("paths=" + second.toAbsolutePath());
  }
}
