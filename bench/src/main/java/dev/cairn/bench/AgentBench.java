package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6 items 6 and 8: Cairn's Java agent as a separate process ({@code java -jar cairn.jar agent
 * start}, the jar named by {@code -Dcairn.jar}) against a real server in this process.
 *
 * <ul>
 *   <li>Start-up: from starting {@code agent start --acquire-job ID} to the job's first log byte
 *       stored on the server (the log is polled every 2 ms), with the JVM's defaults, with the
 *       options the {@code cairn} launcher gives a one-job agent (C1 only, serial GC, and a class
 *       archive made by a first, unmeasured run: class-data sharing as on JDK 21-24, the AOT cache
 *       as on JDK 25+), and through the launcher script itself (named by {@code -Dcairn.launcher},
 *       as bench/run.sh does). Target under 500 ms.
 *   <li>Streaming: a job printing 100 MB (a million 100-byte lines from a bash loop) through an
 *       agent that is already idle, from build creation to the build's finish, against the same
 *       command run directly with its output read through a pipe. Target: under 15% more.
 *       Throughput with a fast producer ({@code yes | head -c}) is printed too.
 *   <li>Memory: the agent's resident set (VmRSS from /proc) when idle, and its peak (VmHWM) after
 *       streaming.
 * </ul>
 *
 * <p>Streaming runs jobs on a pseudo-terminal (the agent's default) and then on pipes ({@code
 * --no-pty}), each with an agent of its own; {@code -Dagent.bench.pty=pty} or {@code =no-pty} runs
 * one of them.
 *
 * <p>{@code -Dagent.bench.parts=startup} or {@code =streaming} runs one part; {@code
 * -Dagent.bench.jvm=-X…|-X…} adds options, separated by {@code |}, to every agent JVM (a profiler,
 * for example).
 */
public final class AgentBench {
  private static final long LOG_BYTES = 100L * 1000 * 1000;
  private static final int STARTS = 5;
  private static final String LOOP =
      "for ((i = 0; i < 1000000; i++)); do printf '%099d\\n' $i; done";
  private static final String FAST = "yes " + "x".repeat(99) + " | head -c " + LOG_BYTES;
  private static final Set<String> FINISHED = Set.of("passed", "failed", "canceled");
  private static Samples firstByteCpu = new Samples();

  private AgentBench() {}

  public static void main(String[] args) throws Exception {
    Figures.header("agent: start-up, 100 MB log, memory (issue 6 items 6 and 8)");
    Path jar = Path.of(System.getProperty("cairn.jar", "cairn-cli/target/cairn.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no cairn.jar at " + jar + "; run bench/run.sh agent");
    }
    try (BenchServer server = new BenchServer()) {
      Launcher launcher = new Launcher(jar, server);
      String parts = System.getProperty("agent.bench.parts", "startup,streaming");
      if (parts.contains("startup")) {
        startUp(server, launcher);
      }
      if (parts.contains("streaming")) {
        for (String mode : System.getProperty("agent.bench.pty", "pty,no-pty").split(",", -1)) {
          streaming(server, launcher, mode.strip());
        }
      }
    }
  }

  private static void startUp(BenchServer server, Launcher launcher) throws Exception {
    String slug = server.pipeline("first-byte", "steps:\n  - command: echo first-byte\n");
    // As the ./cairn launcher starts a one-job agent: C1 only, serial GC, and a class archive made
    // by a first, unmeasured run: the AOT cache on JDK 25+, class-data sharing before that.
    List<String> oneJob = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    List<String> quiet = List.of("-Xlog:disable", "-Xlog:all=error:stderr");
    Path jsa = server.dir().resolve("agent.jsa");
    List<String> cds =
        concat(
            oneJob, List.of("-XX:SharedArchiveFile=" + jsa, "-XX:+AutoCreateSharedArchive"), quiet);
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("plain JVM defaults", List.of(), List.of()));
    variants.add(new Variant("C1, serial GC, CDS archive (./cairn on JDK 21-24)", cds, cds));
    if (Runtime.version().feature() >= 25) {
      Path aot = server.dir().resolve("agent.aot");
      variants.add(
          new Variant(
              "C1, serial GC, AOT cache (./cairn on JDK 25+)",
              concat(oneJob, List.of("-XX:AOTCacheOutput=" + aot), quiet),
              concat(oneJob, List.of("-XX:AOTCache=" + aot), quiet)));
    }
    String script = System.getProperty("cairn.launcher", "");
    if (!script.isEmpty()) {
      // The launcher script itself, with the archive it keeps next to the jar (made afresh here).
      try (var old = Files.list(launcher.jar().getParent())) {
        for (Path file : old.toList()) {
          if (file.getFileName().toString().startsWith("cairn-agent-acquire")) {
            Files.delete(file);
          }
        }
      }
      variants.add(new Variant("./cairn (the launcher script)", List.of(SCRIPT), List.of(SCRIPT)));
    }
    for (Variant variant : variants) {
      if (!variant.training().isEmpty()) {
        firstByte(server, launcher, slug, variant.training()); // Makes the archive; not measured.
        if (!variant.training().equals(variant.measured())) {
          firstByte(server, launcher, slug, variant.measured()); // Maps it once; not measured.
        }
      }
      if (variant.measured().contains(SCRIPT)) {
        awaitLauncherArchive(server, launcher, slug);
      }
      Samples samples = new Samples();
      firstByteCpu = new Samples();
      for (int i = 0; i < STARTS; i++) {
        samples.add(firstByte(server, launcher, slug, variant.measured()));
      }
      Figures.line(
          "  --acquire-job start -> first log byte on the server, %s: median %s  min %s  max %s"
              + "  (target < 500 ms: %s)",
          variant.name(),
          Figures.ms(samples.percentile(50)),
          Figures.ms(samples.min()),
          Figures.ms(samples.max()),
          Figures.verdict(samples.percentile(50) < 500_000_000L));
      Figures.line(
          "    agent CPU time (user+system) until then: median %s  min %s",
          Figures.ms(firstByteCpu.percentile(50)), Figures.ms(firstByteCpu.min()));
    }
  }

  /**
   * Starts unmeasured one-job agents through the launcher until its archive is in place: the run
   * that makes the AOT cache writes it under a name of its own as it exits (a child JVM takes
   * seconds), and a later start puts it in place; until then starts run without it, or make it
   * again. The figure is for the launcher as it runs from then on.
   */
  private static void awaitLauncherArchive(BenchServer server, Launcher launcher, String slug)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!launcherArchiveReady(launcher)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the launcher made no archive within 2 minutes");
      }
      Thread.sleep(1000);
      firstByte(server, launcher, slug, List.of(SCRIPT));
    }
  }

  private static boolean launcherArchiveReady(Launcher launcher) throws IOException {
    try (var files = Files.list(launcher.jar().getParent())) {
      return files
          .map(f -> f.getFileName().toString())
          .anyMatch(name ->
              name.startsWith("cairn-agent-acquire")
                  && (name.endsWith(".aot") || name.endsWith(".jsa")));
    }
  }

  /** Stands for "start through the launcher script" in a variant's options. */
  private static final String SCRIPT = "<./cairn>";

  /** JVM options for a one-job agent: for its archive-making run, and for the measured runs. */
  private record Variant(String name, List<String> training, List<String> measured) {}

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private static long firstByte(
      BenchServer server, Launcher launcher, String slug, List<String> jvmOptions)
      throws Exception {
    JsonNode build = server.createBuild(slug).json();
    long number = build.path("number").asLong();
    String jobId = build.path("jobs").get(0).path("id").asText();
    long start = System.nanoTime();
    Process agent = launcher.start(jvmOptions, List.of("--acquire-job", jobId));
    try {
      while (server.log(slug, number, jobId).isEmpty()) {
        if (!agent.isAlive() || System.nanoTime() - start > 60_000_000_000L) {
          throw new IllegalStateException("no log from job " + jobId);
        }
        Thread.sleep(2);
      }
      long elapsed = System.nanoTime() - start;
      firstByteCpu.add(Memory.cpuNanos(agent.pid()));
      // The AOT cache is written as the agent exits, which can take a while.
      if (!agent.waitFor(120, TimeUnit.SECONDS) || agent.exitValue() != 0) {
        throw new IllegalStateException("the acquiring agent did not exit cleanly");
      }
      return elapsed;
    } finally {
      agent.destroyForcibly();
    }
  }

  private static void streaming(BenchServer server, Launcher launcher, String mode)
      throws Exception {
    boolean pipes = mode.equals("no-pty");
    Figures.line("  jobs %s:", pipes ? "on pipes (--no-pty)" : "on a pseudo-terminal");
    Process agent = launcher.start(List.of(), pipes ? List.of("--no-pty") : List.of());
    try {
      Thread.sleep(3000); // Registered and idle in its long poll.
      long idleRss = Memory.kb(agent.pid(), "VmRSS");
      long fastDirect = direct(FAST);
      long cpu0 = Memory.cpuNanos(agent.pid());
      long fastAgent = throughAgent(server, "fast-" + mode, FAST);
      long agentCpu = Memory.cpuNanos(agent.pid()) - cpu0;
      long loopDirect = direct(LOOP);
      long cpu1 = Memory.cpuNanos(agent.pid());
      long loopAgent = throughAgent(server, "loop-" + mode, LOOP);
      long loopCpu = Memory.cpuNanos(agent.pid()) - cpu1;
      long peakRss = Memory.kb(agent.pid(), "VmHWM");
      if (!pipes) {
        // What the terminal itself costs: the same commands under util-linux script(1), which
        // runs them on a pseudo-terminal and copies its output to the pipe read here.
        long loopTerminal = direct("script", "-qec", LOOP, "/dev/null");
        long fastTerminal = direct("script", "-qec", FAST, "/dev/null");
        Figures.line(
            "  direct on a pseudo-terminal (script -qec): bash loop %s (agent %+.1f%% over it),"
                + " yes|head %s",
            Figures.ms(loopTerminal),
            100.0 * (loopAgent - loopTerminal) / loopTerminal,
            Figures.ms(fastTerminal));
      }
      double overhead = 100.0 * (loopAgent - loopDirect) / loopDirect;
      Figures.line(
          "  100 MB from a bash loop: direct %s, through the agent %s: %+.1f%%"
              + "  (target < +15%%: %s)",
          Figures.ms(loopDirect), Figures.ms(loopAgent), overhead, Figures.verdict(overhead < 15));
      Figures.line(
          "    agent JVM CPU time for those 100 MB: %s (%.1f ns per byte)",
          Figures.ms(loopCpu), (double) loopCpu / LOG_BYTES);
      Figures.line(
          "  100 MB from yes|head: direct %s, through the agent %s (%.0f MB/s end to end)",
          Figures.ms(fastDirect), Figures.ms(fastAgent), LOG_BYTES / 1e6 / (fastAgent / 1e9));
      Figures.line(
          "    agent JVM CPU time for those 100 MB: %s (%.1f ns per byte; the job's bash and"
              + " the server not included)",
          Figures.ms(agentCpu), (double) agentCpu / LOG_BYTES);
      Figures.line(
          "  agent resident memory: idle %s, peak while streaming %s",
          Figures.mb(idleRss * 1024), Figures.mb(peakRss * 1024));
    } finally {
      agent.destroy();
      if (!agent.waitFor(30, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }
  }

  /** Wall time of {@code command} with its output read (and dropped) through a pipe. */
  private static long direct(String command) throws IOException, InterruptedException {
    return direct("bash", "-c", command);
  }

  private static long direct(String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SHELL", "/bin/bash"); // The shell script(1) runs the command with.
    Process process = builder.start();
    try (InputStream out = process.getInputStream()) {
      out.transferTo(java.io.OutputStream.nullOutputStream());
    }
    process.waitFor();
    return System.nanoTime() - start;
  }

  /** Wall time from creating a one-step build of {@code command} to seeing it finished. */
  private static long throughAgent(BenchServer server, String name, String command)
      throws Exception {
    // Stored steps are interpolated when the build is created; $$ leaves the shell its $.
    String slug =
        server.pipeline(
            name, "steps:\n  - command: " + yamlQuoted(command.replace("$", "$$")) + "\n");
    long start = System.nanoTime();
    long number = server.createBuild(slug).json().path("number").asLong();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (true) {
      JsonNode build = server.build(slug, number);
      if (FINISHED.contains(build.path("state").asText())) {
        if (!build.path("state").asText().equals("passed")) {
          throw new IllegalStateException("the " + name + " job did not pass: " + build);
        }
        return System.nanoTime() - start;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the " + name + " job did not finish in 5 minutes");
      }
      Thread.sleep(5);
    }
  }

  private static String yamlQuoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Starts {@code java [options] -jar cairn.jar agent start …} against the bench server. */
  private record Launcher(Path jar, BenchServer server) {
    Process start(List<String> jvmOptions, List<String> flags) throws IOException {
      List<String> command = new ArrayList<>();
      if (jvmOptions.equals(List.of(SCRIPT))) {
        command.add(System.getProperty("cairn.launcher"));
      } else {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        String extra = System.getProperty("agent.bench.jvm", "").strip();
        if (!extra.isEmpty()) {
          command.addAll(List.of(extra.split("\\|", -1)));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
      }
      command.addAll(List.of("agent", "start"));
      command.addAll(
          List.of(
              "--endpoint",
              server.base() + "/v3",
              "--token",
              server.registrationToken(),
              "--name",
              "bench-%spawn",
              "--build-path",
              server.dir().resolve("builds").toString()));
      command.addAll(flags);
      ProcessBuilder builder = new ProcessBuilder(command);
      // The launcher script runs this JDK, as bench/run.sh found it.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      return builder
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(server.dir().resolve("agent.log").toFile()))
          .start();
    }
  }

  /** Fields of /proc/PID/status, in kB. */
  private static final class Memory {
    private Memory() {}

    static long kb(long pid, String field) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no " + field + " for process " + pid);
    }

    /** User plus system CPU time of a process so far (fields 14 and 15 of /proc/PID/stat). */
    static long cpuNanos(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * (1_000_000_000L / CLOCK_TICKS);
    }

    /** USER_HZ, 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS = 100;
  }
}
