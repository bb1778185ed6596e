package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.api.Timing;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The set-up the job lifecycle tests share: a real {@link Agent} polling {@link FakeAgentApi} over
 * HTTP, working in a temporary directory with an agent hooks directory, real shells and real git.
 */
final class JobRig implements AutoCloseable {
  private final Path work;
  private final FakeAgentApi server;
  private final Path hooks;
  private Agent agent;

  private JobRig(Path work, FakeAgentApi server, Path hooks) {
    this.work = work;
    this.server = server;
    this.hooks = hooks;
  }

  static JobRig in(Path work) throws IOException {
    return new JobRig(work, FakeAgentApi.start(), Files.createDirectory(work.resolve("hooks")));
  }

  FakeAgentApi server() {
    return server;
  }

  Path hooks() {
    return hooks;
  }

  /** Settings with plugins from {@code pluginsPath} (null: none) and SIGTERM on cancel. */
  JobSettings settings(Path pluginsPath, boolean localHooks, Duration cancelGrace) {
    return new JobSettings(
        hooks,
        pluginsPath,
        localHooks,
        true,
        true,
        Redactor.DEFAULT_PATTERNS,
        List.of(),
        Signal.SIGTERM,
        cancelGrace,
        work.resolve("sockets"),
        false,
        false,
        false,
        true);
  }

  void start(JobSettings settings) {
    start(settings, AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN));
  }

  void start(JobSettings settings, Duration signalGrace) {
    start(
        settings,
        AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
            .withSignalGracePeriod(signalGrace));
  }

  /** Starts the agent with its health check server on {@code address}. */
  void startWithHealthCheck(JobSettings settings, InetSocketAddress address) {
    start(
        settings,
        AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
            .withHealthCheckAddr(address));
  }

  /** Stops the agent gracefully and waits for its workers to end. */
  void stopAgent() throws InterruptedException {
    agent.stop();
    assertThat(agent.awaitTermination(Duration.ofSeconds(20))).isTrue();
  }

  private void start(JobSettings settings, AgentConfig base) {
    AgentConfig config =
        base.withName("test-%spawn").withBuildPath(work.resolve("builds")).withJobs(settings);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", work.toString());
    agent = new Agent(config, AgentListener.NONE, Timing.system(), env);
    agent.start();
  }

  /** Writes the agent hook {@code name}. */
  void hook(String name, String body) throws IOException {
    script(hooks.resolve(name), body);
  }

  /** Writes a bash script (a hook file) at {@code file}. */
  static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/bash\n" + body + "\n");
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as(out).isZero();
  }

  /** The environment of a job that runs {@code command} for pipeline acme/web. */
  static Map<String, String> command(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("BUILDKITE_COMMAND", command);
    env.put("BUILDKITE_ORGANIZATION_SLUG", "acme");
    env.put("BUILDKITE_PIPELINE_SLUG", "web");
    return env;
  }

  @Override
  public void close() throws InterruptedException {
    if (agent != null) {
      agent.cancelAndStop();
      assertThat(agent.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
    server.close();
  }
}
