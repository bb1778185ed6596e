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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job lifecycle of spec §6 with real {@code bash} hooks, a real {@code git} and {@link
 * FakeAgentApi} over real HTTP: hook order, exports carried to later hooks and the command, exit
 * statuses, repository hooks, the built-in checkout and redaction of hook-exported secrets.
 */
final class JobLifecycleTest {
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
  void hooksRunInOrderAndTheirExportsReachLaterHooksAndTheCommand() throws Exception {
    hook("environment", "echo env-hook; export FROM_ENV=env-value");
    hook("pre-checkout", "echo pre-checkout $FROM_ENV");
    hook("post-checkout", "echo post-checkout");
    hook("pre-command", "echo pre-command; export DEPLOY_TOKEN=token-from-hook; unset GONE");
    hook("post-command", "echo post-command status=$BUILDKITE_COMMAND_EXIT_STATUS");
    hook("pre-exit", "echo pre-exit");
    Path checkout = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    write(checkout.resolve("pre-command"), "echo repo-pre-command; cd sub");
    Files.createDirectory(work.resolve("checkout/sub"));
    Map<String, String> env =
        command("echo cmd $FROM_ENV $DEPLOY_TOKEN gone=${GONE:-unset} in=$(basename $PWD); exit 3");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    env.put("GONE", "here");
    start(settings(true));
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
    hook("pre-command", "echo failing; exit 7");
    hook("post-command", "echo post-command");
    hook("pre-exit", "echo pre-exit");
    start(settings(true));
    server.enqueue("job-1", command("echo the-command"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("7");
    assertThat(server.log("job-1"))
        .contains("failing", "pre-exit", "pre-command hook exited 7")
        .doesNotContain("the-command\n", "post-command\n");
  }

  @Test
  void aFailingPostCommandHookFailsAPassingJob() throws Exception {
    hook("post-command", "exit 4");
    start(settings(true));
    server.enqueue("job-1", command("echo fine"), 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("4");
  }

  @Test
  void repositoryHooksDoNotRunWithoutLocalHooks() throws Exception {
    Path repoHooks = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    write(repoHooks.resolve("pre-command"), "echo repo-hook-ran");
    Map<String, String> env = command("echo done");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    start(settings(false));
    server.enqueue("job-1", env, 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("done").doesNotContain("repo-hook-ran");
  }

  @Test
  void aRepositoryCommandHookReplacesTheCommand() throws Exception {
    Path repoHooks = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    write(repoHooks.resolve("command"), "echo hooked-command; exit 5");
    Map<String, String> env = command("echo plain-command");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    start(settings(true));
    server.enqueue("job-1", env, 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("5");
    assertThat(server.log("job-1")).contains("hooked-command").doesNotContain("plain-command\n");
  }

  @Test
  void checksOutTheRepositoryAndRunsItsHooks() throws Exception {
    Path repo = Files.createDirectories(work.resolve("origin"));
    write(repo.resolve("README"), "hello from the repository");
    Files.createDirectories(repo.resolve(".buildkite/hooks"));
    write(repo.resolve(".buildkite/hooks/post-checkout"), "echo repo-post-checkout");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first");
    Map<String, String> env = command("cat README; git rev-parse --abbrev-ref HEAD || true");
    env.put("BUILDKITE_REPO", repo.toString());
    env.put("BUILDKITE_COMMIT", "HEAD");
    env.put("BUILDKITE_BRANCH", "main");
    start(settings(true));
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
    return new JobSettings(
        hooks,
        null,
        localHooks,
        true,
        true,
        Redactor.DEFAULT_PATTERNS,
        List.of(),
        Signal.SIGTERM,
        Duration.ofSeconds(10));
  }

  private void start(JobSettings settings) {
    AgentConfig config =
        AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
            .withName("test-%spawn")
            .withBuildPath(work.resolve("builds"))
            .withJobs(settings);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", work.toString());
    agent = new Agent(config, AgentListener.NONE, Timing.system(), env);
    agent.start();
  }

  private void hook(String name, String body) throws IOException {
    write(hooks.resolve(name), body);
  }

  private static void write(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/bash\n" + body + "\n");
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out =
        new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as(out).isZero();
  }

  private static Map<String, String> command(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("BUILDKITE_COMMAND", command);
    env.put("BUILDKITE_ORGANIZATION_SLUG", "acme");
    env.put("BUILDKITE_PIPELINE_SLUG", "web");
    return env;
  }
}
