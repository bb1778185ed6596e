package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --strict-single-hooks} with a real agent, real git plugin repositories and real bash
 * hooks, as the official agent behaves ({@code internal/job/plugin.go}): with it only the first
 * plugin's {@code checkout} and {@code command} hooks run and the others are skipped with a warning
 * naming the plugin and its position; without it they all run, each after the first with a warning.
 * Agent hooks from several hooks paths are not limited, in the official agent either.
 */
final class StrictSingleHooksTest extends RiggedJobTest {
  private static final List<String> HOOKS = List.of("checkout", "command");

  private Map<String, String> jobWithThreePlugins() throws Exception {
    Path one = plugin("one", HOOKS);
    Path two = plugin("two", List.of("pre-command"));
    Path three = plugin("three", HOOKS);
    Map<String, String> env = JobRig.command("echo the-step-command");
    env.put(
        "BUILDKITE_PLUGINS",
        "[\"file://%s#v1\", \"file://%s#v1\", \"file://%s#v1\"]".formatted(one, two, three));
    return env;
  }

  /** Runs the three-plugin job with the flag on or off and returns its log; it must pass. */
  private String passingLog(boolean strict) throws Exception {
    rig.hook("post-command", "echo strict=$BUILDKITE_STRICT_SINGLE_HOOKS");
    rig.start(settings(strict));
    server.enqueue("job-1", jobWithThreePlugins(), 4096);
    JobFinish finish = server.awaitFinish("job-1");
    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    return log;
  }

  private JobSettings settings(boolean strict) {
    return rig.settings(work.resolve("plugins"), true, Duration.ofSeconds(10))
        .withStrictSingleHooks(strict);
  }

  @Test
  void withTheFlagOnlyTheFirstPluginsCheckoutAndCommandHooksRun() throws Exception {
    String log = passingLog(true);
    assertThat(log)
        .containsSubsequence(
            "ran-one-checkout",
            "Ignoring additional checkout hook (three plugin, position 3)",
            "ran-two-pre-command",
            "ran-one-command",
            "Ignoring additional command hook (three plugin, position 3)",
            "strict=true")
        .doesNotContain("ran-three-checkout", "ran-three-command", "the-step-command\n");
  }

  @Test
  void withoutItEveryPluginsHookRunsEachAfterTheFirstWithAWarning() throws Exception {
    String log = passingLog(false);
    assertThat(log)
        .containsSubsequence(
            "ran-one-checkout",
            "The additional checkout hook (three plugin, position 3) will be ignored in a future"
                + " version of the agent",
            "ran-three-checkout",
            "ran-one-command",
            "The additional command hook (three plugin, position 3) will be ignored",
            "ran-three-command",
            "strict=false")
        .doesNotContain("Ignoring additional", "the-step-command\n");
  }

  @Test
  void agentCommandHooksOfEveryHooksPathStillRunAsInTheOfficialAgent() throws Exception {
    Path second = Files.createDirectory(work.resolve("second"));
    rig.hook("command", "echo first-agent-command");
    JobRig.script(second.resolve("command"), "echo second-agent-command");
    rig.start(settings(true).withAdditionalHooksPaths(List.of(second)));
    server.enqueue("job-1", JobRig.command("echo the-step-command"), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1"))
        .containsSubsequence("first-agent-command", "second-agent-command")
        .doesNotContain("Ignoring additional", "the-step-command\n");
  }

  /** A plugin repository {@code NAME-buildkite-plugin}, tagged v1, whose hooks echo their name. */
  private Path plugin(String name, List<String> hooks) throws Exception {
    Path repo =
        Files.createDirectories(work.resolve("sources").resolve(name + "-buildkite-plugin"));
    Files.createDirectories(repo.resolve("hooks"));
    for (String hook : hooks) {
      JobRig.script(repo.resolve("hooks").resolve(hook), "echo ran-" + name + "-" + hook);
    }
    JobRig.git(repo, "init", "-q", "-b", "main");
    JobRig.git(repo, "add", ".");
    JobRig.git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first");
    JobRig.git(repo, "tag", "v1");
    return repo;
  }
}
