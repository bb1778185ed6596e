package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plugins end to end (spec §6 and §7): real git repositories made in a temporary directory, cloned
 * at a tag by the agent, their hooks run by real bash between the agent and repository hooks, with
 * their configuration as {@code BUILDKITE_PLUGIN_*} variables; {@link FakeAgentApi} over real HTTP.
 */
final class PluginLifecycleTest extends RiggedJobTest {
  private Path hooks;
  private Path pluginsPath;

  @BeforeEach
  void paths() {
    hooks = rig.hooks();
    pluginsPath = work.resolve("plugins");
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
    JobRig.git(repo, "tag", "v1.0.0");
    Files.writeString(repo.resolve("hooks/pre-command"), "#!/bin/bash\necho version-two\n");
    commit(repo, "second");
    rig.hook("environment", "echo agent-environment");
    rig.hook("pre-checkout", "echo agent-pre-checkout");
    rig.hook("post-checkout", "echo agent-post-checkout");
    rig.hook("pre-command", "echo agent-pre-command");
    rig.hook("post-command", "echo agent-post-command");
    rig.hook("pre-exit", "echo agent-pre-exit");
    Path checkout = Files.createDirectories(work.resolve("checkout/.buildkite/hooks"));
    JobRig.script(checkout.resolve("pre-command"), "echo repo-pre-command");
    Map<String, String> env =
        JobRig.command("echo command from=$FROM_PLUGIN leaked=${BUILDKITE_PLUGIN_GREET_WHO:-none}");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.resolve("checkout").toString());
    env.put(
        "BUILDKITE_PLUGINS",
        "[{\"file://"
            + repo
            + "#v1.0.0\": {\"who\": \"world\", \"langs\": [\"en\", \"fr\"],"
            + " \"opts\": {\"loud\": true}}}]");
    rig.start(settings(true));
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
    JobRig.git(repo, "tag", "v1");
    String plugins = "[\"" + repo + "#v1\"]";
    Map<String, String> first = JobRig.command("echo one");
    first.put("BUILDKITE_PLUGINS", plugins);
    Map<String, String> second = JobRig.command("echo two");
    second.put("BUILDKITE_PLUGINS", plugins);
    rig.start(settings(true));
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
    rig.hook("checkout", "echo agent-checkout-must-not-run");
    Map<String, String> env = JobRig.command("echo step-command-must-not-run");
    env.put("BUILDKITE_PLUGINS", "[{\"" + repo + "\": null}]");
    rig.start(settings(true));
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
    JobRig.script(
        checkout.resolve(".buildkite/plugins/local/hooks/environment"),
        "echo vendored-env; export VENDORED=yes");
    JobRig.script(
        checkout.resolve(".buildkite/plugins/local/hooks/post-command"),
        "echo vendored-post opt=$BUILDKITE_PLUGIN_LOCAL_OPT");
    Map<String, String> env = JobRig.command("echo command vendored=$VENDORED");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", checkout.toString());
    env.put("BUILDKITE_PLUGINS", "[{\"./.buildkite/plugins/local\": {\"opt\": \"x1\"}}]");
    rig.start(settings(true));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1"))
        .containsSubsequence("vendored-env", "command vendored=yes", "vendored-post opt=x1");
  }

  @Test
  void noPluginsFailsAJobThatHasPluginsBeforeAnythingRuns() throws Exception {
    rig.hook("pre-exit", "echo agent-pre-exit");
    Map<String, String> env = JobRig.command("echo must-not-run");
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
            Duration.ofSeconds(10),
            work.resolve("sockets"),
            false,
            false,
            false,
            true);
    rig.start(noPlugins);
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("plugins have been disabled on this agent with `--no-plugins`", "agent-pre-exit")
        .doesNotContain("must-not-run\n");
  }

  @Test
  void withoutLocalHooksPluginsAreRefusedNamingThatFlag() throws Exception {
    Map<String, String> env = JobRig.command("echo must-not-run");
    env.put("BUILDKITE_PLUGINS", "[\"acme/x#v1\"]");
    rig.start(
        new JobSettings(
            hooks,
            pluginsPath,
            false,
            true,
            false,
            Redactor.DEFAULT_PATTERNS,
            List.of(),
            Signal.SIGTERM,
            Duration.ofSeconds(10),
            work.resolve("sockets"),
            false,
            false,
            false,
            true));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("plugins have been disabled on this agent with `--no-local-hooks`");
  }

  @Test
  void aPluginThatCannotBeClonedFailsTheJobWithItsName() throws Exception {
    Map<String, String> env = JobRig.command("echo must-not-run");
    env.put("BUILDKITE_PLUGINS", "[\"" + work.resolve("missing-buildkite-plugin") + "#v1\"]");
    rig.start(settings(true));
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("failed to check out plugin missing")
        .doesNotContain("must-not-run\n");
    try (var left = Files.list(pluginsPath.resolve("test-1"))) {
      assertThat(left.toList()).as("no half clone is left").isEmpty();
    }
  }

  @Test
  void alwaysCloneFreshClonesAgainForEveryJob() throws Exception {
    Path repo = pluginRepo("fresh-buildkite-plugin", Map.of("pre-command", "echo version-one"));
    Map<String, String> first = JobRig.command("echo one");
    first.put("BUILDKITE_PLUGINS", "[\"" + repo + "\"]");
    Map<String, String> second = JobRig.command("echo two");
    second.put("BUILDKITE_PLUGINS", "[\"" + repo + "\"]");
    rig.start(settings(true, false));
    server.enqueue("job-1", first, 4096);
    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    Files.writeString(repo.resolve("hooks/pre-command"), "#!/bin/bash\necho version-two\n");
    commit(repo, "second");
    server.enqueue("job-2", second, 4096);
    assertThat(server.awaitFinish("job-2").exitStatus()).isEqualTo("0");

    assertThat(server.log("job-1")).contains("version-one");
    assertThat(server.log("job-2"))
        .contains("Removing the earlier checkout", "git clone", "version-two")
        .doesNotContain("already checked out", "version-one");
    try (var left = Files.list(pluginsPath.resolve("test-1"))) {
      assertThat(left.toList()).as("nothing left beside the checkout").hasSize(1);
    }
  }

  @Test
  void validationChecksTheConfigurationAndRequirementsOfPluginYml() throws Exception {
    Path repo =
        pluginRepo(
            "strict-buildkite-plugin",
            Map.of("pre-command", "echo strict-ran mode=$BUILDKITE_PLUGIN_STRICT_MODE"));
    Files.writeString(
        repo.resolve("plugin.yml"),
        """
        name: Strict
        requirements: [bash]
        configuration:
          properties:
            mode:
              type: string
              enum: [fast, slow]
          required: [mode]
          additionalProperties: false
        """);
    commit(repo, "definition");
    rig.start(settings(false, true));
    server.enqueue("job-1", withPlugin("echo ok-one", repo, "{\"mode\": \"fast\"}"), 4096);
    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    server.enqueue("job-2", withPlugin("echo must-not-run", repo, "{\"mode\": \"warp\"}"), 4096);
    assertThat(server.awaitFinish("job-2").exitStatus()).isEqualTo("1");
    server.enqueue("job-3", withPlugin("echo must-not-run", repo, "{\"speed\": 1}"), 4096);
    assertThat(server.awaitFinish("job-3").exitStatus()).isEqualTo("1");

    assertThat(server.log("job-1"))
        .contains("Valid plugin configuration for strict", "strict-ran mode=fast", "ok-one");
    assertThat(server.log("job-2"))
        .contains("plugin strict failed validation", "mode")
        .doesNotContain("strict-ran", "must-not-run\n");
    assertThat(server.log("job-3"))
        .contains("plugin strict failed validation", "mode", "speed")
        .doesNotContain("must-not-run\n");
  }

  @Test
  void validationRefusesAPluginWhoseRequiredCommandIsMissing() throws Exception {
    Path repo = pluginRepo("needy-buildkite-plugin", Map.of("pre-command", "echo needy-ran"));
    Files.writeString(
        repo.resolve("plugin.yml"), "name: Needy\nrequirements: [no-such-command-here]\n");
    commit(repo, "definition");
    rig.start(settings(false, true));
    server.enqueue("job-1", withPlugin("echo must-not-run", repo, "{}"), 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("required command \"no-such-command-here\" is not on PATH")
        .doesNotContain("needy-ran");
  }

  @Test
  void withoutValidationABadConfigurationStillRuns() throws Exception {
    Path repo = pluginRepo("lax-buildkite-plugin", Map.of("pre-command", "echo lax-ran"));
    Files.writeString(
        repo.resolve("plugin.yml"),
        "name: Lax\nconfiguration:\n  properties:\n    n: {type: integer}\n");
    commit(repo, "definition");
    rig.start(settings(true));
    server.enqueue("job-1", withPlugin("echo ran", repo, "{\"n\": \"not a number\"}"), 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("lax-ran");
  }

  private static Map<String, String> withPlugin(String command, Path repo, String config) {
    Map<String, String> env = JobRig.command(command);
    env.put("BUILDKITE_PLUGINS", "[{\"" + repo + "\": " + config + "}]");
    return env;
  }

  private JobSettings settings(boolean alwaysCloneFresh, boolean validation) {
    return settings(alwaysCloneFresh, validation, false);
  }

  private JobSettings settings(boolean alwaysCloneFresh, boolean validation, boolean zipPlugins) {
    JobSettings base = settings(true);
    return new JobSettings(
        base.hooksPath(),
        base.pluginsPath(),
        base.localHooks(),
        base.commandEval(),
        base.pluginsEnabled(),
        base.redactedVars(),
        base.agentCommand(),
        base.cancelSignal(),
        base.cancelGracePeriod(),
        base.socketsPath(),
        alwaysCloneFresh,
        validation,
        zipPlugins,
        true);
  }

  @Test
  void aZipPluginIsDownloadedOverHttpsCheckedRunAndRemovedAfterTheJob() throws Exception {
    byte[] zip =
        zip(
            Map.of(
                "hooks/pre-command",
                    "#!/bin/bash\necho zipped-ran greeting=$BUILDKITE_PLUGIN_ZIPPED_ZIP_GREETING\n",
                "plugin.yml", "name: Zipped\nconfiguration:\n  required: [greeting]\n"));
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(zip));
    try (TlsFixture https = TlsFixture.serving(work, "/p/zipped.zip", zip)) {
      https.trustInThisJvm();
      String source = "zip+https://127.0.0.1:" + https.port() + "/p/zipped.zip";
      rig.start(zipSettings(true));
      server.enqueue(
          "job-1",
          withPluginSource("echo after", source + "#sha256:" + sha256, "{\"greeting\": \"hi\"}"),
          4096);
      assertThat(server.awaitFinish("job-1").exitStatus()).as(server.log("job-1")).isEqualTo("0");
      server.enqueue(
          "job-2",
          withPluginSource("echo must-not-run", source + "#sha256:" + "0".repeat(64), "{}"),
          4096);
      assertThat(server.awaitFinish("job-2").exitStatus()).isEqualTo("1");
    }

    assertThat(server.log("job-1"))
        .contains("will be downloaded to", "SHA256: " + sha256, "zipped-ran greeting=hi", "after");
    assertThat(server.log("job-2"))
        .contains("SHA256 verification failed")
        .doesNotContain("zipped-ran", "must-not-run\n");
    try (var left = Files.list(pluginsPath.resolve("test-1"))) {
      assertThat(left.toList()).as("a zip plugin is removed when its job ends").isEmpty();
    }
  }

  @Test
  void zipPluginsNeedTheirExperiment() throws Exception {
    rig.start(zipSettings(false));
    server.enqueue(
        "job-1",
        withPluginSource("echo must-not-run", "zip+https://127.0.0.1:9/x.zip", "{}"),
        4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("zip plugins require the \"zip-plugins\" experiment")
        .doesNotContain("must-not-run\n");
  }

  private static Map<String, String> withPluginSource(
      String command, String source, String config) {
    Map<String, String> env = JobRig.command(command);
    env.put("BUILDKITE_PLUGINS", "[{\"" + source + "\": " + config + "}]");
    return env;
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private JobSettings zipSettings(boolean zipPlugins) {
    return settings(false, true, zipPlugins);
  }

  private Path pluginRepo(String name, Map<String, String> hookBodies) throws Exception {
    Path repo = Files.createDirectories(work.resolve("sources").resolve(name));
    Files.createDirectories(repo.resolve("hooks"));
    for (Map.Entry<String, String> hook : hookBodies.entrySet()) {
      JobRig.script(repo.resolve("hooks").resolve(hook.getKey()), hook.getValue());
    }
    JobRig.git(repo, "init", "-q", "-b", "main");
    commit(repo, "first");
    return repo;
  }

  private JobSettings settings(boolean localHooks) {
    return rig.settings(pluginsPath, localHooks, Duration.ofSeconds(10));
  }

  private static void commit(Path repo, String message) throws Exception {
    JobRig.git(repo, "add", ".");
    JobRig.git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", message);
  }
}
