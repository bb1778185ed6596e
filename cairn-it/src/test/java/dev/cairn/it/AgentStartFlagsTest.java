package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn agent start}'s flags through the real CLI process against a real server: {@code
 * --acquire-job} with {@code --reflect-exit-status}, {@code --priority}, {@code
 * --disconnect-after-job}, {@code --disconnect-after-idle-timeout}, the configuration file and the
 * precedence flag > environment > file, and the job-running flags (among them {@code
 * --enable-job-log-tmpfile}, {@code --job-log-path}, {@code --no-ssh-keyscan}, {@code --experiment
 * pty-raw}, {@code --write-job-logs-to-stdout} and {@code --no-ansi-timestamps}).
 */
class AgentStartFlagsTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path work;

  @Test
  void acquireJobWaitsForItsDependenciesRunsOnlyThatJobAndReflectsItsExitStatus() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"))) {
      RestApi api = server.api();
      api.createPipeline(
          "acq",
          """
          steps:
            - key: a
              command: echo a-ran
            - wait
            - key: b
              command: echo acquired-ran; exit 3
          """);
      long number = api.createBuild("acq");
      JsonNode created = api.build("acq", number);

      try (AgentProcess forB =
          agent(
              server,
              "for-b",
              List.of("--acquire-job", jobId(created, "b"), "--reflect-exit-status"),
              Map.of())) {
        awaitOutput(forB, "not acquired yet");
        assertThat(job(api.build("acq", number), "a").path("state").asText())
            .as("an acquiring agent takes no other work")
            .isEqualTo("scheduled");
        try (AgentProcess forA =
            agent(server, "for-a", List.of("--acquire-job", jobId(created, "a")), Map.of())) {
          assertThat(forA.awaitExit(EXIT)).as(forA.output()).isTrue();
          assertThat(forA.exitValue()).as(forA.output()).isZero();
        }
        assertThat(forB.awaitExit(EXIT)).as(forB.output()).isTrue();
        assertThat(forB.exitValue()).as(forB.output()).isEqualTo(3);
      }
      JsonNode build = api.build("acq", number);
      assertThat(job(build, "b").path("exit_status").asInt()).isEqualTo(3);
      assertThat(api.log("acq", number, jobId(build, "b"))).contains("acquired-ran");

      try (AgentProcess again =
          agent(server, "again", List.of("--acquire-job", jobId(build, "a")), Map.of())) {
        assertThat(again.awaitExit(EXIT)).as(again.output()).isTrue();
        assertThat(again.exitValue()).as("a finished job cannot be acquired").isEqualTo(1);
        assertThat(again.output()).contains("job acquisition rejected");
      }
    }
  }

  @Test
  void waitingAgentsOfHigherPriorityGetTheWork() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess low = agent(server, "low", List.of("--priority", "1"), Map.of());
        AgentProcess high =
            agent(server, "high", List.of(), Map.of("BUILDKITE_AGENT_PRIORITY", "10"))) {
      awaitOutput(low, "connected");
      awaitOutput(high, "connected");
      Thread.sleep(1000); // Both are in their first long poll by now.
      RestApi api = server.api();
      api.createPipeline("prio", "steps:\n  - command: echo \"ran-on=$$BUILDKITE_AGENT_NAME\"\n");
      for (int i = 0; i < 3; i++) {
        long number = api.createBuild("prio");
        JsonNode build = api.awaitFinished("prio", number, EXIT);
        String jobId = build.path("jobs").get(0).path("id").asText();
        assertThat(api.log("prio", number, jobId)).as("build %d", number).contains("ran-on=high");
      }
    }
  }

  @Test
  void configFileFillsWhatFlagsAndEnvironmentLeaveAndDisconnectAfterJobEndsTheAgent()
      throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"))) {
      Path cfg = work.resolve("buildkite-agent.cfg");
      Files.writeString(
          cfg,
          "# written as the official agent's packages write it\n"
              + "endpoint=\""
              + server.agentEndpoint()
              + "\"\n"
              + "name=\"from-file-%spawn\"  # a comment\n"
              + "tags=\"layer=file,color=blue\"\n"
              + "build-path=\""
              + work.resolve("cfg-builds")
              + "\"\n"
              + "disconnect-after-job=true\n"
              + "priority=\"not used because the flag wins\"\n"
              + "git-clean-flags=\"-ffdqx\"\n"
              + "metrics-datadog=true\n"
              + "no-pty=true\n");
      RestApi api = server.api();
      api.createPipeline(
          "cfg",
          "steps:\n  - command: echo \"name=$$BUILDKITE_AGENT_NAME"
              + " layer=$$BUILDKITE_AGENT_META_DATA_LAYER pty=$$BUILDKITE_PTY\"\n");
      long first = api.createBuild("cfg");
      long second = api.createBuild("cfg");
      List<String> flags = List.of("--name", "from-flag-%spawn", "--priority", "2");
      Map<String, String> env =
          Map.of(
              "BUILDKITE_AGENT_CONFIG",
              cfg.toString(),
              "BUILDKITE_AGENT_TOKEN",
              ServerProcess.REGISTRATION_TOKEN,
              "BUILDKITE_AGENT_TAGS",
              "layer=env");
      try (AgentProcess agent = AgentProcess.startWith(flags, env, work.resolve("cfg-agent.log"))) {
        assertThat(agent.awaitExit(EXIT)).as("one job, then exit:\n" + agent.output()).isTrue();
        assertThat(agent.exitValue()).isZero();
        assertThat(agent.output())
            .contains("'metrics-datadog' is not a setting of this agent; ignored")
            .doesNotContain("'git-clean-flags' is not a setting");
      }
      JsonNode ran = api.build("cfg", first);
      assertThat(ran.path("state").asText()).isEqualTo("passed");
      String log = api.log("cfg", first, ran.path("jobs").get(0).path("id").asText());
      assertThat(log).contains("name=from-flag-1 layer=env pty=false\n");
      assertThat(api.build("cfg", second).path("jobs").get(0).path("state").asText())
          .as("the agent ran exactly one job")
          .isEqualTo("scheduled");
    }
  }

  @Test
  void idleTimeoutStopsAllSpawnedAgents() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "idle",
                List.of("--spawn", "2", "--disconnect-after-idle-timeout", "2"),
                Map.of())) {
      assertThat(agent.awaitExit(EXIT)).as(agent.output()).isTrue();
      assertThat(agent.exitValue()).isZero();
      assertThat(agent.output()).contains("idle").contains("disconnected");
    }
  }

  @Test
  void aBadValueInTheFileIsReportedWithFileAndLine() throws Exception {
    Path cfg = work.resolve("bad.cfg");
    Files.writeString(cfg, "token=\"t\"\nspawn=\"many\"\n");
    try (AgentProcess agent =
        AgentProcess.startWith(
            List.of("--config", cfg.toString()), Map.of(), work.resolve("bad-agent.log"))) {
      assertThat(agent.awaitExit(EXIT)).isTrue();
      assertThat(agent.exitValue()).isEqualTo(2);
      assertThat(agent.output()).contains(cfg + ":2").contains("many");
    }
  }

  @Test
  void hooksRedactionAndBuildPathFlagsShapeTheJob() throws Exception {
    Path hooks =
        hooksWith("hooks", "environment", "#!/bin/bash\necho from-agent-environment-hook\n");
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "flags",
                List.of("--hooks-path", hooks.toString(), "--redacted-vars", "*_SHHH,*_TOKEN"),
                Map.of())) {
      RestApi api = server.api();
      api.createPipeline(
          "flags",
          """
          steps:
            - command: echo "secret=$$DEPLOY_SHHH pwd=$$PWD"
              env:
                DEPLOY_SHHH: hunter2-is-long
          """);
      long number = api.createBuild("flags");
      JsonNode build = api.awaitFinished("flags", number, EXIT);
      String log = api.log("flags", number, build.path("jobs").get(0).path("id").asText());
      assertThat(log)
          .contains("from-agent-environment-hook")
          .contains("secret=[REDACTED]")
          .doesNotContain("hunter2-is-long")
          .contains("pwd=" + work.resolve("flags-builds"));
    }
  }

  @Test
  void theQueueAndTheRestrictiveFlagsHold() throws Exception {
    Path hooks =
        hooksWith(
            "strict-hooks",
            "environment",
            "#!/bin/bash\necho \"eval=$BUILDKITE_COMMAND_EVAL local=$BUILDKITE_LOCAL_HOOKS_ENABLED"
                + " plugins=$BUILDKITE_PLUGINS_ENABLED\"\n");
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "strict",
                List.of(
                    "--queue",
                    "special",
                    "--hooks-path",
                    hooks.toString(),
                    "--no-command-eval",
                    "--no-local-hooks",
                    "--no-plugins"),
                Map.of())) {
      RestApi api = server.api();
      api.createPipeline(
          "strict",
          """
          steps:
            - key: special
              command: echo arbitrary-""command-ran
              agents:
                queue: special
            - key: elsewhere
              command: echo elsewhere
          """);
      long number = api.createBuild("strict");
      Instant deadline = Instant.now().plus(EXIT);
      while (!job(api.build("strict", number), "special").path("state").asText().equals("failed")) {
        assertThat(Instant.now()).as(agent.output()).isBefore(deadline);
        Thread.sleep(50);
      }
      JsonNode build = api.build("strict", number);
      String log = api.log("strict", number, jobId(build, "special"));
      assertThat(log)
          .contains("eval=false local=false plugins=false")
          .contains("command eval is disabled")
          .doesNotContain("arbitrary-command-ran");
      assertThat(job(build, "elsewhere").path("state").asText())
          .as("the agent serves only its queue")
          .isEqualTo("scheduled");
    }
  }

  @Test
  void aCancelledJobGetsTheConfiguredSignal() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "cancel",
                List.of(
                    // Not SIGINT: a shell that starts the test run in the background makes
                    // every descendant ignore SIGINT, and bash cannot trap a signal ignored on
                    // entry, so the job would only end at the SIGKILL (seen as 137).
                    "--cancel-signal", "SIGUSR1",
                    "--cancel-grace-period", "5",
                    "--signal-grace-period-seconds", "3"),
                Map.of())) {
      RestApi api = server.api();
      api.createPipeline(
          "cancel",
          """
          steps:
            - command: trap 'echo got-usr1; exit 7' USR1; echo rea""dy; while true; do sleep 0.1; done
          """);
      long number = api.createBuild("cancel");
      Instant deadline = Instant.now().plus(EXIT);
      while (true) {
        JsonNode job = api.build("cancel", number).path("jobs").get(0);
        if (job.path("state").asText().equals("running")
            && api.log("cancel", number, job.path("id").asText()).contains("ready")) {
          break;
        }
        assertThat(Instant.now()).as(agent.output()).isBefore(deadline);
        Thread.sleep(50);
      }
      api.json("PUT", api.buildPath("cancel", number) + "/cancel", null);
      JsonNode build = api.awaitFinished("cancel", number, EXIT);
      JsonNode job = build.path("jobs").get(0);
      assertThat(job.path("signal_reason").asText()).isEqualTo("cancel");
      assertThat(job.path("exit_status").asInt()).isEqualTo(7);
      assertThat(api.log("cancel", number, job.path("id").asText())).contains("got-usr1");
    }
  }

  @Test
  void spawnWithPriorityPrefersTheHighestWorkerOrWithTheExperimentTheFirst() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"))) {
      RestApi api = server.api();
      api.createPipeline("spawn", "steps:\n  - command: echo \"ran-on=$$BUILDKITE_AGENT_NAME\"\n");
      try (AgentProcess up =
          agent(
              server,
              "up-%spawn",
              List.of("--spawn", "3", "--spawn-with-priority", "--priority", "100"),
              Map.of())) {
        awaitOutput(
            up, "agent up-1: registered", "agent up-2: registered", "agent up-3: registered");
        Thread.sleep(1000); // All three are in their first long poll by now.
        assertThat(runOnce(api, "spawn")).contains("ran-on=up-3");
      }
    }
    // A fresh server, so no agent of the first process is still known as waiting.
    try (ServerProcess server = ServerProcess.start(work.resolve("data2"))) {
      RestApi api = server.api();
      api.createPipeline("spawn", "steps:\n  - command: echo \"ran-on=$$BUILDKITE_AGENT_NAME\"\n");
      Path cfg = work.resolve("spawn.cfg");
      Files.writeString(cfg, "experiment=\"descending-spawn-priority\"\n");
      try (AgentProcess down =
          agent(
              server,
              "down-%spawn",
              List.of("--spawn", "2", "--config", cfg.toString()),
              Map.of("BUILDKITE_AGENT_SPAWN_WITH_PRIORITY", "true"))) {
        awaitOutput(down, "agent down-1: registered", "agent down-2: registered");
        Thread.sleep(1000);
        assertThat(runOnce(api, "spawn")).contains("ran-on=down-1");
      }
    }
  }

  @Test
  void disconnectAfterUptimeEndsTheAgentOnItsOwn() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "uptime",
                List.of("--spawn", "2"),
                Map.of("BUILDKITE_AGENT_DISCONNECT_AFTER_UPTIME", "2"))) {
      assertThat(agent.awaitExit(EXIT)).as(agent.output()).isTrue();
      assertThat(agent.exitValue()).isZero();
      assertThat(agent.output()).contains("uptime limit").contains("disconnected");
    }
  }

  @Test
  void socketsPathPluginFlagsAndWorkdirSetReachTheJob() throws Exception {
    Path sockets = Files.createDirectories(work.resolve("socks"));
    Path hooks =
        hooksWith(
            "workdir-hooks",
            "pre-command",
            "#!/bin/bash\nmkdir -p moved-here\nbuildkite-agent workdir set moved-here\n");
    Path cfg = work.resolve("plugins.cfg");
    Files.writeString(cfg, "plugins-always-clone-fresh=true\n");
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "socks",
                List.of(
                    "--sockets-path",
                    sockets.toString(),
                    "--config",
                    cfg.toString(),
                    "--hooks-path",
                    hooks.toString()),
                Map.of("BUILDKITE_NO_PLUGIN_VALIDATION", "false"))) {
      RestApi api = server.api();
      api.createPipeline(
          "socks",
          """
          steps:
            - command: >-
                echo "socket=$$BUILDKITE_AGENT_JOB_API_SOCKET sockets=$$BUILDKITE_SOCKETS_PATH
                fresh=$$BUILDKITE_PLUGINS_ALWAYS_CLONE_FRESH validate=$$BUILDKITE_PLUGIN_VALIDATION";
                test -S "$$BUILDKITE_AGENT_JOB_API_SOCKET" && echo is-a-socket; echo "pwd=$$PWD"
          """);
      String log = runOnce(api, "socks");
      assertThat(log)
          .containsPattern("socket=" + sockets + "/job-api/\\d+-\\d+\\.sock")
          .contains("sockets=" + sockets)
          .contains("fresh=true validate=true")
          .contains("is-a-socket")
          .contains("pwd=" + work.resolve("socks-builds") + "/")
          .containsPattern("pwd=\\S+/moved-here\\s");
      assertThat(sockets.resolve("job-api")).isEmptyDirectory();
    }
  }

  @Test
  void jobLogFilePtyRawAndNoSshKeyscanReachTheJob() throws Exception {
    Path logs = Files.createDirectories(work.resolve("job-logs"));
    Path hooks =
        hooksWith(
            "log-hooks",
            "pre-exit",
            "#!/bin/bash\necho \"seen=$(grep -cx second \"$BUILDKITE_JOB_LOG_TMPFILE\")"
                + " dir=$(dirname \"$BUILDKITE_JOB_LOG_TMPFILE\")\"\n");
    Path cfg = work.resolve("log.cfg");
    Files.writeString(cfg, "job-log-path=\"" + logs + "\"\nno-ssh-keyscan=true\n");
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "logfile",
                List.of(
                    "--config",
                    cfg.toString(),
                    "--hooks-path",
                    hooks.toString(),
                    "--experiment",
                    "pty-raw"),
                Map.of("BUILDKITE_ENABLE_JOB_LOG_TMPFILE", "true"))) {
      RestApi api = server.api();
      api.createPipeline(
          "logfile",
          """
          steps:
            - command: printf 'first\\nsecond\\n'; echo "keyscan=$$BUILDKITE_SSH_KEYSCAN"
          """);
      String log = runOnce(api, "logfile");
      assertThat(log)
          .contains("first\nsecond\n")
          .contains("keyscan=false")
          .contains("seen=1 dir=" + logs + "\n")
          .doesNotContain("\r");
      assertThat(logs).as("the job's log file is removed when it ends").isEmptyDirectory();
    }
  }

  @Test
  void writeJobLogsToStdoutCopiesTheRedactedLogToTheAgentsOutput() throws Exception {
    try (ServerProcess server = ServerProcess.start(work.resolve("data"));
        AgentProcess agent =
            agent(
                server,
                "stdout",
                List.of("--write-job-logs-to-stdout"),
                Map.of("BUILDKITE_NO_ANSI_TIMESTAMPS", "true"))) {
      RestApi api = server.api();
      api.createPipeline(
          "stdout",
          """
          steps:
            - command: echo "copied-$$((6 * 7)) secret=$$DEPLOY_TOKEN"
              env:
                DEPLOY_TOKEN: hunter2-is-long
          """);
      assertThat(runOnce(api, "stdout")).contains("copied-42 secret=[REDACTED]");
      awaitOutput(agent, "copied-42 secret=[REDACTED]");
      assertThat(agent.output()).doesNotContain("hunter2-is-long").doesNotContain("\u001b_bk");
    }
  }

  /** Runs one build of {@code slug} and returns its one job's log. */
  private static String runOnce(RestApi api, String slug) throws Exception {
    long number = api.createBuild(slug);
    JsonNode build = api.awaitFinished(slug, number, EXIT);
    return api.log(slug, number, build.path("jobs").get(0).path("id").asText());
  }

  /** A new hooks directory {@code dir} holding the executable hook {@code name}. */
  private Path hooksWith(String dir, String name, String script) throws IOException {
    Path hooks = Files.createDirectories(work.resolve(dir));
    Path hook = hooks.resolve(name);
    Files.writeString(hook, script);
    assertThat(hook.toFile().setExecutable(true)).isTrue();
    return hooks;
  }

  private AgentProcess agent(
      ServerProcess server, String name, List<String> extra, Map<String, String> env) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--endpoint",
                server.agentEndpoint(),
                "--token",
                ServerProcess.REGISTRATION_TOKEN,
                "--name",
                name,
                "--build-path",
                work.resolve(name + "-builds").toString()));
    flags.addAll(extra);
    return AgentProcess.startWith(flags, env, work.resolve(name + "-agent.log"));
  }

  private static void awaitOutput(AgentProcess agent, String... texts) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!java.util.Arrays.stream(texts).allMatch(agent.output()::contains)) {
      assertThat(Instant.now()).as(agent.output()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static JsonNode job(JsonNode build, String key) {
    for (JsonNode job : build.path("jobs")) {
      if (key.equals(job.path("step_key").asText())) {
        return job;
      }
    }
    throw new AssertionError("no job with key " + key + " in " + build);
  }

  private static String jobId(JsonNode build, String key) {
    return job(build, key).path("id").asText();
  }
}
