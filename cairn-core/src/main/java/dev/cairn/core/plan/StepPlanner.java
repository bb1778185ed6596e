package dev.cairn.core.plan;

import dev.cairn.core.job.Attempt;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobPolicy;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobType;
import dev.cairn.core.job.StepDetails;
import dev.cairn.core.job.StepDetails.ConcurrencyGate;
import dev.cairn.core.job.TriggerSpec;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.pipeline.BuildContext;
import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Concurrency;
import dev.cairn.pipeline.Expansion;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineExpander;
import dev.cairn.pipeline.PipelineLimits;
import dev.cairn.pipeline.PlannedJob;
import dev.cairn.pipeline.Plugin;
import dev.cairn.pipeline.TriggerStep;
import dev.cairn.pipeline.WaitStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns parsed steps into the jobs of a build. The pipeline module's {@link PipelineExpander} does
 * the language's work (implicit {@code wait} barriers, groups, matrix, parallelism, {@code if} and
 * {@code branches}, limits, dependency resolution and cycle checks); this class maps its planned
 * jobs onto the scheduler's {@link JobSpec}s and adds nothing of its own.
 */
public final class StepPlanner {
  private final IdGenerator ids;
  private final PipelineExpander expander = new PipelineExpander(PipelineLimits.DEFAULTS);

  public StepPlanner(IdGenerator ids) {
    this.ids = ids;
  }

  /** Plans a build's first pipeline on the default branch (for callers without a build). */
  public List<JobSpec> plan(Pipeline pipeline) throws PlanException {
    return plan(pipeline, BuildContext.forBranch("main"));
  }

  /**
   * Plans uploaded steps; {@code existingKeys} maps the keys already in the build to their jobs, so
   * uploaded steps may depend on them (and may not reuse them).
   */
  public List<JobSpec> plan(Pipeline pipeline, Map<String, String> existingKeys)
      throws PlanException {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    existingKeys.forEach((key, job) -> keys.put(key, List.of(job)));
    return plan(pipeline, BuildContext.forBranch("main").withExisting(existingKeys.size(), keys));
  }

  /** Plans {@code pipeline} in the context of its build (branch, env, jobs already there). */
  public List<JobSpec> plan(Pipeline pipeline, BuildContext context) throws PlanException {
    Expansion expansion;
    try {
      expansion = expander.expand(pipeline, context, ids::newId);
    } catch (PipelineException e) {
      throw new PlanException(e.getMessage());
    }
    List<JobSpec> jobs = new ArrayList<>();
    for (PlannedJob job : expansion.jobs()) {
      jobs.add(spec(job));
    }
    return jobs;
  }

  private static JobSpec spec(PlannedJob job) {
    List<JobDependency> deps =
        job.dependsOn().stream().map(d -> new JobDependency(d.jobId(), d.allowFailure())).toList();
    boolean continueOnFailure = job.step() instanceof WaitStep w && w.continueOnFailure();
    return new JobSpec(
        job.id(),
        job.stepId(),
        job.stepKey(),
        type(job),
        job.label(),
        job.command(),
        deps,
        continueOnFailure,
        job.env(),
        job.agents(),
        new JobPolicy(
            job.retry(), job.softFail(), job.timeoutInMinutes().map(m -> Duration.ofMinutes(m))),
        Attempt.FIRST,
        details(job));
  }

  private static JobType type(PlannedJob job) {
    return switch (job.type()) {
      case COMMAND -> JobType.SCRIPT;
      case WAIT -> JobType.WAITER;
      case BLOCK -> JobType.BLOCK;
      case INPUT -> JobType.INPUT;
      case TRIGGER -> JobType.TRIGGER;
    };
  }

  private static StepDetails details(PlannedJob job) {
    return new StepDetails(
        job.stepAttributes(),
        job.parallelJob(),
        job.parallelJobCount(),
        job.matrix(),
        job.priority().orElse(0),
        job.concurrency().map(StepPlanner::gate),
        job.artifactPaths(),
        job.plugins().stream().map(StepPlanner::plugin).toList(),
        job.skip().skipped() ? Optional.of(job.skip().reason()) : Optional.empty(),
        job.step() instanceof CommandStep c && c.cancelOnBuildFailing(),
        job.step() instanceof TriggerStep t ? Optional.of(trigger(t)) : Optional.empty());
  }

  private static TriggerSpec trigger(TriggerStep step) {
    TriggerStep.Build build = step.build();
    return new TriggerSpec(
        step.pipeline(),
        build.branch(),
        build.commit(),
        build.message(),
        build.env(),
        build.metaData(),
        step.async());
  }

  private static ConcurrencyGate gate(Concurrency c) {
    return new ConcurrencyGate(c.group(), c.limit(), c.method() == Concurrency.Method.ORDERED);
  }

  /** A plugin as Buildkite's {@code BUILDKITE_PLUGINS} JSON holds it: {@code {source: config}}. */
  private static Map<String, Object> plugin(Plugin plugin) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(plugin.source(), plugin.config().orElse(null));
    return entry;
  }
}
