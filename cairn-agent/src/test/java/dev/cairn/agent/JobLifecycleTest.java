package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job lifecycle of spec §6 with real {@code bash} hooks, a real {@code git} and {@link
 * FakeAgentApi} over real HTTP: hook order, exports carried to later hooks and the command, exit
 * statuses, repository hooks, the built-in checkout and redaction of hook-exported secrets.
 */
final class JobLifecycleTest extends RiggedJobTest {
  @Test
  void hooksRunInOrderAndTheirExportsReachLaterHooksAndTheCommand() throws Exception {
    rig.hook("environment", "echo env-hook; export FROM_ENV=env-value");
    rig.hook("pre-checkout", "echo pre-checkout $FROM_ENV");
    rig.hook("post-checkout", "echo post-checkout");
    rig.hook("pre-command", "echo pre-command; export DEPLOY_TOKEN=token-from-hook; unset GONE");
    rig.hook("post-command", "echo post-command status=$BUILDKITE_COMMAND_EXIT_STATUS");
    rig.hook("pre-exit", "echo pre-exit");
    Path checkout = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    JobRig.script(checkout.resolve("pre-command"), "echo repo-pre-command; cd sub");
    Files.createDirectory(work.resolve("checkout/sub"));
    Map<String, String> env =
        JobRig.command(
            "echo cmd $FROM_ENV $DEPLOY_TOKEN gone=${GONE:-unset} in=$(basename $PWD); exit 3");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    env.put("GONE", "here");
    rig.start(settings(true));
    server.enqueue("job-1", env, 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("3");
    assertThat(server.log("job-1"))
        .containsSubsequence(
            "~~~ Running agent environment hook",
            "env-hook",
            "pre-checkout env-value",
            "post-checkout",
            "~~~ Running agent pre-command hook",
            "~~~ Running repository pre-command hook",
            "repo-pre-command",
            "cmd env-value [REDACTED] gone=unset in=sub",
            "post-command status=3",
            "pre-exit")
        .doesNotContain("token-from-hook");
  }

  @Test
  void aFailingPreCommandHookSkipsTheCommandAndPostCommandButNotPreExit() throws Exception {
    rig.hook("pre-command", "echo failing; exit 7");
    rig.hook("post-command", "echo post-command");
    rig.hook("pre-exit", "echo pre-exit");
    rig.start(settings(true));
    server.enqueue("job-1", JobRig.command("echo the-command"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("7");
    assertThat(server.log("job-1"))
        .contains("failing", "pre-exit", "pre-command hook exited 7")
        .doesNotContain("the-command\n", "post-command\n");
  }

  @Test
  void aFailingPostCommandHookFailsAPassingJob() throws Exception {
    rig.hook("post-command", "exit 4");
    rig.start(settings(true));
    server.enqueue("job-1", JobRig.command("echo fine"), 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("4");
  }

  @Test
  void repositoryHooksDoNotRunWithoutLocalHooks() throws Exception {
    Path repoHooks = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    JobRig.script(repoHooks.resolve("pre-command"), "echo repo-hook-ran");
    Map<String, String> env = JobRig.command("echo done");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    rig.start(settings(false));
    server.enqueue("job-1", env, 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("done").doesNotContain("repo-hook-ran");
  }

  @Test
  void aRepositoryCommandHookReplacesTheCommand() throws Exception {
    Path repoHooks = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    JobRig.script(repoHooks.resolve("command"), "echo hooked-command; exit 5");
    Map<String, String> env = JobRig.command("echo plain-command");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    rig.start(settings(true));
    server.enqueue("job-1", env, 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("5");
    assertThat(server.log("job-1")).contains("hooked-command").doesNotContain("plain-command\n");
  }

  @Test
  void checksOutTheRepositoryAndRunsItsHooks() throws Exception {
    Path repo = Files.createDirectories(work.resolve("origin"));
    JobRig.script(repo.resolve("README"), "hello from the repository");
    Files.createDirectories(repo.resolve(".buildkite/hooks"));
    JobRig.script(repo.resolve(".buildkite/hooks/post-checkout"), "echo repo-post-checkout");
    JobRig.git(repo, "init", "-q", "-b", "main");
    JobRig.git(repo, "add", ".");
    JobRig.git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first");
    Map<String, String> env = JobRig.command("cat README; git rev-parse --abbrev-ref HEAD || true");
    env.put("BUILDKITE_REPO", repo.toString());
    env.put("BUILDKITE_COMMIT", "HEAD");
    env.put("BUILDKITE_BRANCH", "main");
    rig.start(settings(true));
    server.enqueue("job-1", env, 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(server.log("job-1"))
        .containsSubsequence(
            "~~~ Preparing working directory",
            "$ git fetch",
            "repo-post-checkout",
            "hello from the repository");
    assertThat(finish.exitStatus()).isEqualTo("0");
    Path checkout = work.resolve("builds/test-1/acme/web");
    assertThat(checkout.resolve("README")).exists();
  }

  private JobSettings settings(boolean localHooks) {
    return rig.settings(null, localHooks, Duration.ofSeconds(10));
  }
}
