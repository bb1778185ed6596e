package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.agent.Agent;
import dev.cairn.agent.AgentConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Issue 4 item 10b: trivial jobs ({@code true}) completed per second end to end by four workers of
 * Cairn's own Java agent, against an in-process server on the embedded database. Target: at least
 * 400 jobs/s on 2 cores.
 *
 * <p>Warm-up builds run first, {@value #WARMUP_BUILDS} of {@value #JOBS_PER_BUILD} jobs (or as many
 * as the system property {@code cairn.bench.warmupBuilds} says), long enough for the JIT's top tier
 * to compile the hot paths of the server and the agent, so that the figures are steady-state ones.
 * Code that runs once per build (parsing and planning the pipeline) reaches the top tier last:
 * after 10 warm-up builds the JIT still took 1.1 to 1.4 ms of CPU per measured job, a quarter of
 * the process's, after 30 about 0.4 ms and after 60 about 0.25 ms (the line "outside live Java
 * threads" shows it). Warm-up builds are looked at every 100 ms, so that the 60 take about as long
 * as 30 did when looked at every second. Then 8 measured builds (or as many as {@code
 * cairn.bench.builds} says; on this noisy 2-core VM one build in four or five ran 10-15% slower
 * than the others, so 4 builds made a noisy sum) run one after the other, each of {@value
 * #JOBS_PER_BUILD} independent {@code true} steps (the most one upload may create); the rate is
 * their jobs divided by the sum of the builds' own {@code created_at} to {@code finished_at}
 * (server timestamps, so the polling interval does not matter), and each build's own rate is
 * printed too. From the jobs' timestamps it also prints how long each job ran on the agent and the
 * turnaround between a worker finishing one job and starting its next, which together say where the
 * time goes; and the process's CPU time and SQL statements (counted by the flight recorder's method
 * timing) per job, the CPU time of the job processes the agent started (as the kernel charged it to
 * them, so other work on a shared machine does not blur it) and the whole machine's.
 *
 * <p>{@code BENCH_JAVA_OPTS=-Dcairn.agent.directSpawn=false} starts the steps through {@link
 * ProcessBuilder} (with {@code /bin/sh} and {@code setsid}) as before, to compare.
 */
public final class ThroughputBench {
  private static final int AGENTS = 4;
  private static final int JOBS_PER_BUILD = 500;
  private static final int WARMUP_BUILDS = 60;
  private static final int BUILDS = Integer.getInteger("cairn.bench.builds", 8);
  private static final int JOBS = BUILDS * JOBS_PER_BUILD;

  /**
   * How often a measured build is looked at, and a warm-up build (whose CPU time is not measured).
   */
  private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

  private static final Duration WARMUP_LOOK_EVERY = Duration.ofMillis(100);
  private static final double TARGET_PER_SECOND = 400;

  /**
   * The flight recorder's count of calls to the SQLite driver's statement execution: one per SQL
   * statement executed (a batch of rows is one; transaction begin and commit are not counted).
   */
  private static final String METHOD_TIMING = "jdk.MethodTiming";

  private static final String EXECUTIONS =
      "org.sqlite.jdbc3.JDBC3PreparedStatement::execute;"
          + "org.sqlite.jdbc3.JDBC3PreparedStatement::executeQuery;"
          + "org.sqlite.jdbc3.JDBC3PreparedStatement::executeLargeUpdate;"
          + "org.sqlite.core.CorePreparedStatement::executeLargeBatch";

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
        long statements;
        Map<String, Long> cpu;
        Optional<MachineCpu> machineBefore;
        Optional<MachineCpu> machineAfter;
        Optional<ChildrenCpu> childrenBefore;
        Optional<ChildrenCpu> childrenAfter;
        List<JsonNode> builds = new ArrayList<>();
        // Counting statements instruments the driver's classes, which makes the JIT compile their
        // callers again: that happens before the warm-up, so the measured builds do not pay for it.
        try (Recording sql = new Recording()) {
          // Only the count: a recording without settings would also take every event enabled by
          // default, JDBI's own per-statement events among them, whose cost would be measured.
          for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            sql.disable(type.getName());
          }
          sql.enable(METHOD_TIMING).with("filter", EXECUTIONS);
          sql.start();
          int warmups = Integer.getInteger("cairn.bench.warmupBuilds", WARMUP_BUILDS);
          for (int i = 0; i < warmups; i++) {
            runBuild(server, "warmup-" + i, JOBS_PER_BUILD, WARMUP_LOOK_EVERY);
            // Reading the recording is the bench's own code, run once just before the measured
            // builds: unwarmed, the JIT compiled about 170 of its methods (the flight recorder's
            // parser) in the first half second of the measured builds.
            count(sql);
          }
          long statementsBefore = count(sql);
          ThreadCpu before = ThreadCpu.now();
          machineBefore = MachineCpu.now();
          childrenBefore = ChildrenCpu.now();
          for (int i = 0; i < BUILDS; i++) {
            builds.add(runBuild(server, "throughput-" + i, JOBS_PER_BUILD, LOOK_EVERY));
          }
          machineAfter = MachineCpu.now();
          childrenAfter = ChildrenCpu.now();
          cpu = ThreadCpu.now().since(before);
          statements = count(sql) - statementsBefore;
          sql.stop();
        }
        print(builds);
        Figures.line(
            "  CPU time of this process (server + agent workers, not their `true` processes)"
                + " %s per job",
            Figures.ms(cpu.get("total") / (double) JOBS));
        cpu.forEach((group, nanos) -> {
          if (!group.equals("total")) {
            Figures.line("    %-58s %s per job", group, Figures.ms(nanos / (double) JOBS));
          }
        });
        if (childrenBefore.isPresent() && childrenAfter.isPresent()) {
          Figures.line(
              "  CPU time of the jobs' processes (reaped children, user + kernel) %s per job",
              Figures.ms(childrenAfter.get().nanosSince(childrenBefore.get()) / (double) JOBS));
        }
        Figures.line("  SQL statements executed %.1f per job", statements / (double) JOBS);
        if (machineBefore.isPresent() && machineAfter.isPresent()) {
          MachineCpu from = machineBefore.get();
          MachineCpu to = machineAfter.get();
          Figures.line(
              "  CPU time of the whole machine (every process and the kernel) %s per job,"
                  + " %.0f%% idle while measuring",
              Figures.ms(to.busyNanosSince(from) / (double) JOBS), 100 * to.idleShareSince(from));
        }
      } finally {
        agent.stop();
        if (!agent.awaitTermination(Duration.ofSeconds(30))) {
          System.err.println("the agent did not stop within 30 s");
        }
      }
    }
  }

  /** The calls of the {@link #EXECUTIONS} methods the running recording has seen so far. */
  private static long count(Recording recording) throws IOException {
    Path file = Files.createTempFile("cairn-bench-sql-", ".jfr");
    try {
      recording.dump(file);
      // Each event holds one method's count so far; the last (largest) one is the total.
      Map<String, Long> byMethod = new HashMap<>();
      try (RecordingFile events = new RecordingFile(file)) {
        while (events.hasMoreEvents()) {
          RecordedEvent event = events.readEvent();
          if (event.getEventType().getName().equals(METHOD_TIMING)) {
            RecordedMethod method = event.getValue("method");
            byMethod.merge(
                method.getType().getName() + "::" + method.getName(),
                event.getLong("invocations"),
                Math::max);
          }
        }
      }
      return byMethod.values().stream().mapToLong(Long::longValue).sum();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Runs one build of {@code jobs} {@code true} steps to its end and returns it. */
  private static JsonNode runBuild(BenchServer server, String name, int jobs, Duration lookEvery)
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
      // Each look serializes the whole build (every job) on the server and parses it here, which at
      // two looks a second was about 5% of the process's CPU time measured; the rate itself comes
      // from the server's timestamps, so looking less often changes only the gaps between builds.
      Thread.sleep(lookEvery);
    }
    throw new IllegalStateException("build " + name + " did not finish in 5 minutes");
  }

  private static void print(List<JsonNode> builds) {
    Duration wall = Duration.ZERO;
    StringBuilder eachBuild = new StringBuilder();
    for (JsonNode build : builds) {
      Duration took = between(build, "created_at", "finished_at");
      wall = wall.plus(took);
      eachBuild.append(
          String.format(Locale.ROOT, " %.1f", JOBS_PER_BUILD / (took.toNanos() / 1e9)));
    }
    double perSecond = JOBS / (wall.toNanos() / 1e9);
    Figures.line(
        "%d jobs of `true` in %d builds, created -> finished in %s in all: %.1f jobs/s"
            + "  (target >= %.0f jobs/s on 2 cores: %s)",
        JOBS,
        builds.size(),
        Figures.ms(wall.toNanos()),
        perSecond,
        TARGET_PER_SECOND,
        Figures.verdict(perSecond >= TARGET_PER_SECOND));
    Figures.line("  each build, jobs/s                         %s", eachBuild.toString().strip());
    Samples run = new Samples();
    Samples turnaround = new Samples();
    Set<String> agents = new HashSet<>();
    for (JsonNode build : builds) {
      Map<String, List<JsonNode>> byAgent = new HashMap<>();
      for (JsonNode job : build.get("jobs")) {
        run.add(between(job, "started_at", "finished_at").toNanos());
        byAgent
            .computeIfAbsent(job.path("agent").path("id").asText(), k -> new ArrayList<>())
            .add(job);
      }
      agents.addAll(byAgent.keySet());
      addTurnarounds(byAgent, turnaround);
    }
    Figures.line(
        "  job start -> finish (on the agent)          p50 %s  p99 %s  mean %s",
        Figures.ms(run.percentile(50)), Figures.ms(run.percentile(99)), Figures.ms(run.mean()));
    Figures.line(
        "  worker turnaround (finish -> next start)    p50 %s  p99 %s  mean %s  (%d workers)",
        Figures.ms(turnaround.percentile(50)),
        Figures.ms(turnaround.percentile(99)),
        Figures.ms(turnaround.mean()),
        agents.size());
  }

  /** Within one build, each worker's gaps between finishing a job and starting its next. */
  private static void addTurnarounds(Map<String, List<JsonNode>> byAgent, Samples turnaround) {
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
  }

  private static Duration between(JsonNode node, String from, String to) {
    return Duration.between(
        Instant.parse(node.get(from).asText()), Instant.parse(node.get(to).asText()));
  }
}
