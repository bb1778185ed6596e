package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.api.Timing;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.protocol.JobFinish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins end to end (spec §6 and §7): real git repositories made in a temporary directory, cloned
 * at a tag by the agent, their hooks run by real bash between the agent and repository hooks, with
 * their configuration as {@code BUILDKITE_PLUGIN_*} variables; {@link FakeAgentApi} over real HTTP.
 */
final class PluginLifecycleTest {
  @TempDir Path work;
  private FakeAgentApi server;
  private Agent agent;
  private Path hooks;
  private Path pluginsPath;

  @BeforeEach
  void start() throws Exception {
    server = FakeAgentApi.start();
    hooks = Files.createDirectory(work.resolve("hooks"));
    pluginsPath = work.resolve("plugins");
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
  void clonesAPluginAtItsTagAndRunsItsHooksInLifecycleOrderWithItsConfiguration() throws Exception {
    Path repo =
        pluginRepo(
            "greet-buildkite-plugin",
            Map.of(
                "environment", "echo plugin-environment; export FROM_PLUGIN=plugin-value",
                "pre-checkout", "echo plugin-pre-checkout",
                "post-checkout", "echo plugin-post-checkout",
                "pre-command",
                    "echo plugin-pre-command who=$BUILDKITE_PLUGIN_GREET_WHO"
                        + " first=$BUILDKITE_PLUGIN_GREET_LANGS_0 deep=$BUILDKITE_PLUGIN_GREET_OPTS_LOUD"
                        + " name=$BUILDKITE_PLUGIN_NAME conf=$BUILDKITE_PLUGIN_CONFIGURATION",
                "post-command", "echo plugin-post-command status=$BUILDKITE_COMMAND_EXIT_STATUS",
                "pre-exit", "echo plugin-pre-exit"));
    git(repo, "tag", "v1.0.0");
    Files.writeString(repo.resolve("hooks/pre-command"), "#!/bin/bash\necho version-two\n");
    commit(repo, "second");
    hook("environment", "echo agent-environment");
    hook("pre-checkout", "echo agent-pre-checkout");
    hook("post-checkout", "echo agent-post-checkout");
    hook("pre-command", "echo agent-pre-command");
    hook("post-command", "echo agent-post-command");
    hook("pre-exit", "echo agent-pre-exit");
    Path checkout = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    write(checkout.resolve("pre-command"), "echo repo-pre-command");
    Map<String, String> env =
        command("echo command from=$FROM_PLUGIN leaked=${BUILDKITE_PLUGIN_GREET_WHO:-none}");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    env.put(
        "BUILDKITE_PLUGINS",
        "[{\"file://"
            + repo
            + "#v1.0.0\": {\"who\": \"world\", \"langs\": [\"en\", \"fr\"],"
            + " \"opts\": {\"loud\": true}}}]");
    start(settings(true));
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .containsSubsequence(
            "agent-environment",
            "~~~ Preparing plugins",
            "will be checked out to",
            "~~~ Running plugin greet environment hook",
            "plugin-environment",
            "agent-pre-checkout",
            "plugin-pre-checkout",
            "agent-post-checkout",
            "plugin-post-checkout",
            "agent-pre-command",
            "repo-pre-command",
            "plugin-pre-command who=world first=en deep=true name=GREET"
                + " conf={\"langs\":[\"en\",\"fr\"],\"opts\":{\"loud\":true},\"who\":\"world\"}",
            "command from=plugin-value leaked=none",
            "agent-post-command",
            "plugin-post-command status=0",
            "agent-pre-exit",
            "plugin-pre-exit")
        .doesNotContain("version-two");
    Path clone = pluginsPath.resolve("test-1");
    try (var dirs = Files.list(clone)) {
      assertThat(dirs.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .asString()
          .endsWith("greet-buildkite-plugin-v1-0-0");
    }
  }

  @Test
  void aSecondJobReusesTheCloneOfTheSameVersion() throws Exception {
    Path repo = pluginRepo("echo-buildkite-plugin", Map.of("pre-command", "echo from-plugin"));
    git(repo, "tag", "v1");
    String plugins = "[\"" + repo + "#v1\"]";
    Map<String, String> first = command("echo one");
    first.put("BUILDKITE_PLUGINS", plugins);
    Map<String, String> second = command("echo two");
    second.put("BUILDKITE_PLUGINS", plugins);
    start(settings(true));
    server.enqueue("job-1", first, 4096);
    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    server.enqueue("job-2", second, 4096);
    assertThat(server.awaitFinish("job-2").exitStatus()).isEqualTo("0");

    assertThat(server.log("job-1")).contains("will be checked out to", "from-plugin");
    assertThat(server.log("job-2"))
        .contains("already checked out", "from-plugin")
        .doesNotContain("git clone");
  }

  @Test
  void aPluginCommandHookReplacesTheCommandAndAPluginCheckoutHookTheCheckout() throws Exception {
    Path repo =
        pluginRepo(
            "runner-buildkite-plugin",
            Map.of(
                "checkout", "echo plugin-checkout; mkdir -p made && cd made",
                "command", "echo plugin-command in=$(basename $PWD); exit 6"));
    hook("checkout", "echo agent-checkout-must-not-run");
    Map<String, String> env = command("echo step-command-must-not-run");
    env.put("BUILDKITE_PLUGINS", "[{\"" + repo + "\": null}]");
    start(settings(true));
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("6");
    assertThat(server.log("job-1"))
        .containsSubsequence("plugin-checkout", "plugin-command in=made")
        .doesNotContain("must-not-run");
  }

  @Test
  void aVendoredPluginRunsFromTheCheckout() throws Exception {
    Path checkout = work.resolve("checkout");
    Files.createDirectories(checkout.resolve(".buildkite/plugins/local/hooks"));
    write(
        checkout.resolve(".buildkite/plugins/local/hooks/environment"),
        "echo vendored-env; export VENDORED=yes");
    write(
        checkout.resolve(".buildkite/plugins/local/hooks/post-command"),
        "echo vendored-post opt=$BUILDKITE_PLUGIN_LOCAL_OPT");
    Map<String, String> env = command("echo command vendored=$VENDORED");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", checkout.toString());
    env.put("BUILDKITE_PLUGINS", "[{\"./.buildkite/plugins/local\": {\"opt\": \"x1\"}}]");
    start(settings(true));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1"))
        .containsSubsequence("vendored-env", "command vendored=yes", "vendored-post opt=x1");
  }

  @Test
  void noPluginsFailsAJobThatHasPluginsBeforeAnythingRuns() throws Exception {
    hook("pre-exit", "echo agent-pre-exit");
    Map<String, String> env = command("echo must-not-run");
    env.put("BUILDKITE_PLUGINS", "[\"acme/x#v1\"]");
    JobSettings noPlugins =
        new JobSettings(
            hooks,
            pluginsPath,
            true,
            true,
            false,
            Redactor.DEFAULT_PATTERNS,
            List.of(),
            Signal.SIGTERM,
            Duration.ofSeconds(10));
    start(noPlugins);
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("plugins have been disabled on this agent with `--no-plugins`", "agent-pre-exit")
        .doesNotContain("must-not-run\n");
  }

  @Test
  void withoutLocalHooksPluginsAreRefusedNamingThatFlag() throws Exception {
    Map<String, String> env = command("echo must-not-run");
    env.put("BUILDKITE_PLUGINS", "[\"acme/x#v1\"]");
    start(
        new JobSettings(
            hooks,
            pluginsPath,
            false,
            true,
            false,
            Redactor.DEFAULT_PATTERNS,
            List.of(),
            Signal.SIGTERM,
            Duration.ofSeconds(10)));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("plugins have been disabled on this agent with `--no-local-hooks`");
  }

  @Test
  void aPluginThatCannotBeClonedFailsTheJobWithItsName() throws Exception {
    Map<String, String> env = command("echo must-not-run");
    env.put("BUILDKITE_PLUGINS", "[\"" + work.resolve("missing-buildkite-plugin") + "#v1\"]");
    start(settings(true));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("failed to check out plugin missing")
        .doesNotContain("must-not-run\n");
    try (var left = Files.list(pluginsPath.resolve("test-1"))) {
      assertThat(left.toList()).as("no half clone is left").isEmpty();
    }
  }

  private Path pluginRepo(String name, Map<String, String> hookBodies) throws Exception {
    Path repo = Files.createDirectories(work.resolve("sources").resolve(name));
    Files.createDirectories(repo.resolve("hooks"));
    for (Map.Entry<String, String> hook : hookBodies.entrySet()) {
      write(repo.resolve("hooks").resolve(hook.getKey()), hook.getValue());
    }
    git(repo, "init", "-q", "-b", "main");
    commit(repo, "first");
    return repo;
  }

  private JobSettings settings(boolean localHooks) {
    return new JobSettings(
        hooks,
        pluginsPath,
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

  private static void commit(Path repo, String message) throws Exception {
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", message);
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
