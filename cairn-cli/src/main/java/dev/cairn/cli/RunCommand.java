package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.agent.Agent;
import dev.cairn.agent.AgentConfig;
import dev.cairn.core.access.Tokens;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.wiring.CairnServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn run FILE}: runs one pipeline end to end on this machine. An embedded server (its
 * database in a temporary directory, listening on a free port of 127.0.0.1) and N agents start in
 * this process; the pipeline is created and built through the REST API, with the current directory
 * as the checkout; logs print live. Exits 0 when the build passed, 1 when it failed, 2 when the
 * pipeline could not be run at all.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a pipeline file locally on an embedded server with local agents.")
final class RunCommand implements Callable<Integer> {
  private static final String ORG = "default";

  @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
  Path file;

  @Option(
      names = "--agents",
      defaultValue = "2",
      description = "How many local agents run jobs (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(
      names = "--timeout",
      defaultValue = "PT1H",
      description =
          "Give up when the build takes longer (ISO-8601 duration, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!Files.isRegularFile(file)) {
      System.err.println("cairn run: no such file: " + file);
      return 2;
    }
    if (agents < 1 || agents > AgentConfig.MAX_SPAWN) {
      System.err.println("cairn run: --agents must be between 1 and " + AgentConfig.MAX_SPAWN);
      return 2;
    }
    Path workDir = Files.createTempDirectory("cairn-run-");
    ServerConfig config =
        new ServerConfig(
            "127.0.0.1",
            0,
            workDir.resolve("data"),
            Optional.of(Tokens.generate("cairn_reg")),
            Optional.of(Tokens.generate("cairn_api")),
            Optional.empty());
    try (CairnServer server = CairnServer.start(config)) {
      String base = "http://127.0.0.1:" + server.port();
      Agent agent =
          new Agent(
              AgentConfig.of(URI.create(base + "/v3"), server.registrationToken())
                  .withName("local-%spawn")
                  .withSpawn(agents)
                  .withBuildPath(workDir.resolve("builds")));
      agent.start();
      try {
        return build(new RestClient(base, server.apiToken()), out);
      } finally {
        agent.stop();
        agent.awaitTermination(Duration.ofSeconds(30));
      }
    } finally {
      deleteTree(workDir);
    }
  }

  private int build(RestClient api, PrintStream out) throws IOException, InterruptedException {
    String yaml = Files.readString(file);
    String slug = "local";
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("name", file.getFileName().toString());
    pipeline.put("slug", slug);
    pipeline.put("repository", Path.of("").toAbsolutePath().toString());
    pipeline.put("configuration", yaml);
    try {
      api.post("/v2/organizations/" + ORG + "/pipelines", pipeline);
    } catch (RestClient.ApiError e) {
      System.err.println("cairn run: " + file + ": " + e.getMessage());
      return 2;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("commit", "HEAD");
    request.put("branch", "main");
    request.put("message", "cairn run " + file);
    request.put(
        "env", Map.of("BUILDKITE_BUILD_CHECKOUT_PATH", Path.of("").toAbsolutePath().toString()));
    JsonNode created;
    try {
      created = api.post("/v2/organizations/" + ORG + "/pipelines/" + slug + "/builds", request);
    } catch (RestClient.ApiError e) {
      System.err.println("cairn run: " + file + ": " + e.getMessage());
      return 2;
    }
    String buildPath =
        "/v2/organizations/"
            + ORG
            + "/pipelines/"
            + slug
            + "/builds/"
            + created.path("number").asLong();
    JsonNode build = new BuildWatcher(api, out).watch(buildPath, timeout);
    printSummary(build, out);
    return "passed".equals(build.path("state").asText()) ? 0 : 1;
  }

  private static void printSummary(JsonNode build, PrintStream out) {
    out.println();
    out.println("Build #" + build.path("number").asText() + " " + build.path("state").asText());
    for (JsonNode job : build.path("jobs")) {
      if ("script".equals(job.path("type").asText())) {
        out.println("  " + BuildWatcher.resultLine(job));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
