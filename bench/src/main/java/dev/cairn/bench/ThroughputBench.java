package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.agent.Agent;
import dev.cairn.agent.AgentConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 4 item 10b: trivial jobs ({@code true}) completed per second end to end by four workers of
 * Cairn's own Java agent, against an in-process server on the embedded database. Target: at least
 * 400 jobs/s on 2 cores.
 *
 * <p>A warm-up build runs first. The measured build has {@value #JOBS} independent {@code true}
 * steps; the rate is jobs divided by the build's own {@code created_at} to {@code finished_at}
 * (server timestamps, so the polling interval does not matter). From the jobs' timestamps it also
 * prints how long each job ran on the agent and the turnaround between a worker finishing one job
 * and starting its next, which together say where the time goes.
 */
public final class ThroughputBench {
  private static final int AGENTS = 4;
  private static final int WARMUP_JOBS = 100;
  private static final int JOBS = 500;
  private static final double TARGET_PER_SECOND = 400;
  private static final Set<String> TERMINAL = Set.of("passed", "failed", "canceled");

  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    Figures.header("end-to-end throughput, " + AGENTS + " Java agent workers (issue 4 item 10b)");
    try (BenchServer server = new BenchServer()) {
      Agent agent =
          new Agent(
              AgentConfig.of(URI.create(server.base() + "/v3"), server.registrationToken())
                  .withSpawn(AGENTS)
                  .withBuildPath(server.dir().resolve("builds")));
      agent.start();
      try {
        runBuild(server, "warmup", WARMUP_JOBS);
        long cpu0 = Figures.processCpuNanos();
        JsonNode build = runBuild(server, "throughput", JOBS);
        long cpu = Figures.processCpuNanos() - cpu0;
        print(build);
        Figures.line(
            "  CPU time of this process (server + agent workers, not their `true` processes)"
                + " %s per job",
            Figures.ms(cpu / (double) JOBS));
      } finally {
        agent.stop();
        if (!agent.awaitTermination(Duration.ofSeconds(30))) {
          System.err.println("the agent did not stop within 30 s");
        }
      }
    }
  }

  /** Runs one build of {@code jobs} {@code true} steps to its end and returns it. */
  private static JsonNode runBuild(BenchServer server, String name, int jobs)
      throws IOException, InterruptedException {
    StringBuilder yaml = new StringBuilder("steps:\n");
    for (int i = 0; i < jobs; i++) {
      yaml.append("  - command: \"true\"\n");
    }
    String slug = server.pipeline(name, yaml.toString());
    long number = server.createBuild(slug).json().get("number").asLong();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      JsonNode build = server.build(slug, number);
      String state = build.get("state").asText();
      if (TERMINAL.contains(state)) {
        if (!state.equals("passed")) {
          throw new IllegalStateException("build " + name + " ended " + state);
        }
        return build;
      }
      // Each look serializes the whole build (every job) on the server: often enough to see the end
      // soon, seldom enough not to be a real share of the CPU time measured.
      Thread.sleep(250);
    }
    throw new IllegalStateException("build " + name + " did not finish in 5 minutes");
  }

  private static void print(JsonNode build) {
    Duration wall =
        Duration.between(
            Instant.parse(build.get("created_at").asText()),
            Instant.parse(build.get("finished_at").asText()));
    double perSecond = JOBS / (wall.toNanos() / 1e9);
    Figures.line(
        "%d jobs of `true`, build created -> finished in %s: %.1f jobs/s"
            + "  (target >= %.0f jobs/s on 2 cores: %s)",
        JOBS,
        Figures.ms(wall.toNanos()),
        perSecond,
        TARGET_PER_SECOND,
        Figures.verdict(perSecond >= TARGET_PER_SECOND));
    Samples run = new Samples();
    Map<String, List<JsonNode>> byAgent = new HashMap<>();
    for (JsonNode job : build.get("jobs")) {
      run.add(between(job, "started_at", "finished_at"));
      byAgent
          .computeIfAbsent(job.path("agent").path("id").asText(), k -> new ArrayList<>())
          .add(job);
    }
    Samples turnaround = new Samples();
    for (List<JsonNode> jobs : byAgent.values()) {
      jobs.sort(Comparator.comparing(j -> Instant.parse(j.get("started_at").asText())));
      for (int i = 1; i < jobs.size(); i++) {
        turnaround.add(
            Duration.between(
                    Instant.parse(jobs.get(i - 1).get("finished_at").asText()),
                    Instant.parse(jobs.get(i).get("started_at").asText()))
                .toNanos());
      }
    }
    Figures.line(
        "  job start -> finish (on the agent)          p50 %s  p99 %s  mean %s",
        Figures.ms(run.percentile(50)), Figures.ms(run.percentile(99)), Figures.ms(run.mean()));
    Figures.line(
        "  worker turnaround (finish -> next start)    p50 %s  p99 %s  mean %s  (%d workers)",
        Figures.ms(turnaround.percentile(50)),
        Figures.ms(turnaround.percentile(99)),
        Figures.ms(turnaround.mean()),
        byAgent.size());
  }

  private static long between(JsonNode job, String from, String to) {
    return Duration.between(
            Instant.parse(job.get(from).asText()), Instant.parse(job.get(to).asText()))
        .toNanos();
  }
}
