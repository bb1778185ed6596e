package dev.cairn.cli;

import dev.cairn.agent.Agent;
import dev.cairn.agent.AgentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn agent start}: registers with a server and runs jobs until stopped. Flag names and
 * {@code BUILDKITE_AGENT_*} environment names are those of the official agent. SIGTERM stops
 * gracefully: the running job finishes, then the agent disconnects and exits.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Register with a Cairn (or Buildkite-compatible) server and run jobs.")
final class AgentStartCommand implements Callable<Integer> {
  @Option(
      names = "--endpoint",
      defaultValue = "${env:BUILDKITE_AGENT_ENDPOINT:-http://127.0.0.1:8080/v3}",
      description = "Agent API base URL (env BUILDKITE_AGENT_ENDPOINT; default ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(
      names = "--token",
      defaultValue = "${env:BUILDKITE_AGENT_TOKEN}",
      description = "Registration token (env BUILDKITE_AGENT_TOKEN).")
  String token;

  @Option(
      names = "--name",
      defaultValue = "${env:BUILDKITE_AGENT_NAME:-%hostname-%spawn}",
      description = "Agent name; %%hostname and %%spawn are replaced (env BUILDKITE_AGENT_NAME).")
  String name;

  @Option(
      names = "--tags",
      split = ",",
      defaultValue = "${env:BUILDKITE_AGENT_TAGS}",
      description = "Tags as key=value, comma separated (env BUILDKITE_AGENT_TAGS).")
  List<String> tags;

  @Option(
      names = "--queue",
      defaultValue = "${env:BUILDKITE_AGENT_QUEUE}",
      description = "Queue to serve, the same as the tag queue=NAME (env BUILDKITE_AGENT_QUEUE).")
  String queue;

  @Option(
      names = "--spawn",
      defaultValue = "${env:BUILDKITE_AGENT_SPAWN:-1}",
      description =
          "Number of agents to run in this process (env BUILDKITE_AGENT_SPAWN; default ${DEFAULT-VALUE}).")
  int spawn;

  @Option(
      names = "--build-path",
      defaultValue = "${env:BUILDKITE_BUILD_PATH}",
      description = "Where checkouts are made (env BUILDKITE_BUILD_PATH; default ~/.cairn/builds).")
  Path buildPath;

  @Override
  public Integer call() throws InterruptedException {
    if (token == null || token.isBlank()) {
      System.err.println("cairn agent start: --token (or BUILDKITE_AGENT_TOKEN) is required");
      return 2;
    }
    AgentConfig config;
    try {
      config =
          AgentConfig.of(endpoint, token)
              .withName(name)
              .withTags(tags)
              .withQueue(queue)
              .withSpawn(spawn)
              .withBuildPath(buildPath);
    } catch (IllegalArgumentException e) {
      System.err.println("cairn agent start: " + e.getMessage());
      return 2;
    }
    Agent agent = new Agent(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.stop();
                  try {
                    agent.awaitTermination(Duration.ofHours(24));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "cairn-agent-shutdown"));
    agent.start();
    agent.awaitTermination(Duration.ofDays(36500));
    return 0;
  }
}
