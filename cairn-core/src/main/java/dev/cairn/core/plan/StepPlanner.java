package dev.cairn.core.plan;

import dev.cairn.core.job.Attempt;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobPolicy;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobType;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.pipeline.BlockStep;
import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Dependency;
import dev.cairn.pipeline.GroupStep;
import dev.cairn.pipeline.InputStep;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.TriggerStep;
import dev.cairn.pipeline.WaitStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed pipeline into jobs with explicit dependencies. Buildkite's implicit ordering is
 * resolved here once, so the decider only ever follows {@code dependsOn}: a step without {@code
 * depends_on} waits for the nearest {@code wait} above it, and a {@code wait} waits for every step
 * since the previous {@code wait} (and that {@code wait}, so the barrier is transitive). A step
 * with an explicit {@code depends_on} ignores the barriers, as Buildkite does.
 */
public final class StepPlanner {
  private final IdGenerator ids;

  public StepPlanner(IdGenerator ids) {
    this.ids = ids;
  }

  /** Plans every step of a build's first pipeline; step env overlays pipeline env. */
  public List<JobSpec> plan(Pipeline pipeline) throws PlanException {
    return plan(pipeline, Map.of());
  }

  /**
   * Plans uploaded steps; {@code existingKeys} maps the keys already in the build to their jobs, so
   * uploaded steps may depend on them (and may not reuse them).
   */
  public List<JobSpec> plan(Pipeline pipeline, Map<String, String> existingKeys)
      throws PlanException {
    Map<String, String> keyToJob = new HashMap<>(existingKeys);
    List<Planned> planned = new ArrayList<>();
    for (Step step : pipeline.steps()) {
      Planned p = new Planned(step, ids.newId(), ids.newId());
      Optional<String> key = step.key();
      if (key.isPresent() && keyToJob.put(key.get(), p.jobId) != null) {
        throw new PlanException(
            step.location() + ": the key \"" + key.get() + "\" is used by more than one step");
      }
      planned.add(p);
    }
    List<JobSpec> jobs = new ArrayList<>();
    String barrier = null;
    List<String> sinceBarrier = new ArrayList<>();
    for (Planned p : planned) {
      List<JobDependency> deps = dependencies(p, keyToJob, barrier, sinceBarrier);
      jobs.add(spec(p, deps, pipeline.env()));
      if (p.step instanceof WaitStep) {
        barrier = p.jobId;
        sinceBarrier = new ArrayList<>();
      } else {
        sinceBarrier.add(p.jobId);
      }
    }
    requireAcyclic(planned, jobs);
    return jobs;
  }

  /**
   * Refuses dependencies that form a cycle (an explicit {@code depends_on} may name a later step,
   * so alone or with the implicit wait barriers it can loop): the decider would leave those jobs
   * waiting forever and the build would never finish. Jobs are ordered the way the decider would
   * run them; any job left over waits on a cycle, and following its left-over dependencies finds
   * one, whose step is reported.
   */
  private static void requireAcyclic(List<Planned> steps, List<JobSpec> jobs) throws PlanException {
    // Jobs already in the build (dependencies of uploaded steps) cannot be part of a new cycle.
    Set<String> runnable = new HashSet<>();
    Set<String> planned = new HashSet<>();
    jobs.forEach(j -> planned.add(j.id()));
    jobs.forEach(j ->
        j.dependsOn().stream()
            .map(JobDependency::jobId)
            .filter(id -> !planned.contains(id))
            .forEach(runnable::add));
    boolean progress = true;
    while (progress) {
      progress = false;
      for (JobSpec job : jobs) {
        if (!runnable.contains(job.id())
            && job.dependsOn().stream().allMatch(d -> runnable.contains(d.jobId()))) {
          progress |= runnable.add(job.id());
        }
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      index.put(jobs.get(i).id(), i);
    }
    for (JobSpec job : jobs) {
      if (runnable.contains(job.id())) {
        continue;
      }
      String at = job.id();
      Set<String> seen = new HashSet<>();
      while (seen.add(at)) {
        at =
            jobs.get(index.get(at)).dependsOn().stream()
                .map(JobDependency::jobId)
                .filter(id -> !runnable.contains(id))
                .findFirst()
                .orElseThrow();
      }
      Step step = steps.get(index.get(at)).step;
      throw new PlanException(
          step.location() + ": depends_on forms a cycle, so these steps could never run");
    }
  }

  private record Planned(Step step, String jobId, String stepId) {}

  private static List<JobDependency> dependencies(
      Planned p, Map<String, String> keyToJob, String barrier, List<String> sinceBarrier)
      throws PlanException {
    if (p.step.dependsOn().isPresent()) {
      List<JobDependency> explicit = new ArrayList<>();
      for (Dependency d : p.step.dependsOn().get()) {
        String jobId = keyToJob.get(d.step());
        if (jobId == null) {
          throw new PlanException(
              p.step.location()
                  + ": depends_on names \""
                  + d.step()
                  + "\", but no step has that key");
        }
        explicit.add(new JobDependency(jobId, d.allowFailure()));
      }
      return explicit;
    }
    boolean allowFailure = p.step instanceof WaitStep w && w.continueOnFailure();
    List<JobDependency> implicit = new ArrayList<>();
    if (barrier != null) {
      implicit.add(new JobDependency(barrier, false));
    }
    if (p.step instanceof WaitStep) {
      sinceBarrier.forEach(id -> implicit.add(new JobDependency(id, allowFailure)));
    }
    return implicit;
  }

  private static JobSpec spec(Planned p, List<JobDependency> deps, Map<String, String> pipelineEnv)
      throws PlanException {
    return switch (p.step) {
      case CommandStep c -> {
        Map<String, String> env = new LinkedHashMap<>(pipelineEnv);
        env.putAll(c.env());
        yield new JobSpec(
            p.jobId,
            p.stepId,
            c.key(),
            JobType.SCRIPT,
            c.label().orElse(c.command()),
            c.command(),
            deps,
            false,
            env,
            c.agents(),
            new JobPolicy(
                c.retry(), c.softFail(), c.timeoutInMinutes().map(m -> Duration.ofMinutes(m))),
            Attempt.FIRST);
      }
      case WaitStep w ->
          new JobSpec(
              p.jobId,
              p.stepId,
              w.key(),
              JobType.WAITER,
              "wait",
              "",
              deps,
              w.continueOnFailure(),
              Map.of(),
              Map.of());
      case BlockStep b -> throw unscheduled(b, "block");
      case InputStep i -> throw unscheduled(i, "input");
      case TriggerStep t -> throw unscheduled(t, "trigger");
      case GroupStep g -> throw unscheduled(g, "group");
    };
  }

  private static PlanException unscheduled(Step step, String kind) {
    return new PlanException(
        step.location() + ": " + kind + " steps are not scheduled by Cairn yet");
  }
}
