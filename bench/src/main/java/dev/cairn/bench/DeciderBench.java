package dev.cairn.bench;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 4 item 10c: the scheduling work per transition on builds of 1k and 10k jobs, which should
 * stay constant as the build grows.
 *
 * <p>It drives the pure core exactly as {@code BuildWriter} does, without the store: {@link
 * Decider#decide} judges a command against the state, and the caller folds the accepted events with
 * {@link BuildState#apply}. A build of {@code n} independent jobs is created ({@code AddJobs},
 * which schedules all of them), then every job is taken through AssignJob, AcceptJob, StartJob and
 * FinishJob in turn. Decide and apply are timed apart, so a growth shows on which side it is. A
 * second shape puts a {@code wait} between two halves, so the waiter has n/2 dependencies and the
 * second half n/2 dependents.
 *
 * <p>The verdict reads the CPU time of the benchmark's thread, which other load on the shared cores
 * does not inflate as it does wall time; the 10k figure is the best of three runs.
 */
public final class DeciderBench {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Decider DECIDER = new Decider();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private DeciderBench() {}

  public static void main(String[] args) {
    Figures.header("decider per-event cost (issue 4 item 10c)");
    for (boolean withWait : new boolean[] {false, true}) {
      Figures.line(
          withWait ? "-- shape: n/2 jobs, wait, n/2 jobs" : "-- shape: n independent jobs");
      for (int i = 0; i < 5; i++) {
        run(1_000, withWait);
      }
      Result small = best(1_000, 5, withWait);
      Result large = best(10_000, 3, withWait);
      print(small);
      print(large);
      double cpu = large.cpuPerCommandNanos() / small.cpuPerCommandNanos();
      Figures.line(
          "growth 1k -> 10k: CPU per command %.1fx; wall per command %.1fx, per event %.1fx,"
              + " decide %.1fx, apply %.1fx  (target: constant, CPU ~1x: %s)",
          cpu,
          large.perCommandNanos() / small.perCommandNanos(),
          large.perEventNanos() / small.perEventNanos(),
          large.decideNanos
              / (double) large.commands
              / (small.decideNanos / (double) small.commands),
          large.applyNanos / (double) large.events / (small.applyNanos / (double) small.events),
          Figures.verdict(cpu < 1.5));
    }
  }

  /**
   * The run of {@code runs} that used the least CPU, which is the least disturbed by GC and JIT.
   */
  private static Result best(int jobs, int runs, boolean withWait) {
    Result best = null;
    for (int i = 0; i < runs; i++) {
      System.gc();
      Result r = run(jobs, withWait);
      if (best == null || r.cpuPerCommandNanos() < best.cpuPerCommandNanos()) {
        best = r;
      }
    }
    return best;
  }

  private static void print(Result r) {
    Figures.line(
        "N=%s jobs: AddJobs (create + schedule all) %s",
        Figures.count(r.jobs), Figures.ms(r.addNanos));
    Figures.line(
        "  %s commands (assign/accept/start/finish), %s events: %s per command, %s per event",
        Figures.count(r.commands),
        Figures.count(r.events),
        Figures.us(r.perCommandNanos()),
        Figures.us(r.perEventNanos()));
    Figures.line(
        "  split: Decider.decide %s per command, BuildState.apply %s per event",
        Figures.us(r.decideNanos / (double) r.commands),
        Figures.us(r.applyNanos / (double) r.events));
    Figures.line(
        "  CPU time of this thread: %s per command (other load on the cores does not inflate it)",
        Figures.us(r.cpuNanos / (double) r.commands));
  }

  private record Result(
      int jobs,
      long addNanos,
      long commands,
      long events,
      long decideNanos,
      long applyNanos,
      long cpuNanos) {
    double perCommandNanos() {
      return (decideNanos + applyNanos) / (double) commands;
    }

    double perEventNanos() {
      return (decideNanos + applyNanos) / (double) events;
    }

    double cpuPerCommandNanos() {
      return cpuNanos / (double) commands;
    }
  }

  private static Result run(int jobs, boolean withWait) {
    List<JobSpec> specs = new ArrayList<>(jobs + 1);
    List<JobDependency> firstHalf = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      List<JobDependency> deps = List.of();
      if (withWait && i == jobs / 2) {
        specs.add(
            new JobSpec(
                "wait",
                "wait",
                Optional.empty(),
                JobType.WAITER,
                "wait",
                "",
                firstHalf,
                false,
                Map.of(),
                Map.of()));
      }
      if (withWait && i >= jobs / 2) {
        deps = List.of(new JobDependency("wait", false));
      }
      specs.add(
          new JobSpec(
              "job-" + i,
              "step-" + i,
              Optional.of("k" + i),
              JobType.SCRIPT,
              "step " + i,
              "true",
              deps,
              false,
              Map.of(),
              Map.of()));
      firstHalf.add(new JobDependency("job-" + i, false));
    }
    long t0 = System.nanoTime();
    BuildState state = BuildState.start(created());
    state = apply(state, decide(state, new Command.AddJobs(specs), T0));
    long addNanos = System.nanoTime() - t0;
    long decideNanos = 0;
    long applyNanos = 0;
    long events = 0;
    long commands = 0;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < jobs; i++) {
      String id = "job-" + i;
      Instant now = T0.plusMillis(i + 1L);
      for (Command command :
          List.of(
              new Command.AssignJob(id, "agent-1", "agent"),
              new Command.AcceptJob(id, "agent-1", "hash"),
              new Command.StartJob(id),
              new Command.FinishJob(id, 0, null, null))) {
        long d0 = System.nanoTime();
        List<BuildEvent> accepted = decide(state, command, now);
        long d1 = System.nanoTime();
        state = apply(state, accepted);
        applyNanos += System.nanoTime() - d1;
        decideNanos += d1 - d0;
        events += accepted.size();
        commands++;
      }
    }
    long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
    if (state.status() != BuildStatus.PASSED) {
      throw new IllegalStateException("the build should have passed, it is " + state.status());
    }
    return new Result(jobs, addNanos, commands, events, decideNanos, applyNanos, cpuNanos);
  }

  private static List<BuildEvent> decide(BuildState state, Command command, Instant now) {
    return switch (DECIDER.decide(state, command, now)) {
      case Decision.Accepted a -> a.events();
      case Decision.Rejected r -> throw new IllegalStateException(command + ": " + r.reason());
    };
  }

  private static BuildState apply(BuildState state, List<BuildEvent> events) {
    BuildState next = state;
    for (BuildEvent event : events) {
      next = next.apply(event);
    }
    return next;
  }

  private static BuildCreated created() {
    return new BuildCreated(
        "build-1",
        "default",
        new PipelineRef("pipeline-1", "bench", "bench", "", "main"),
        1,
        "main",
        "HEAD",
        "bench",
        Map.of(),
        "api",
        T0);
  }
}
