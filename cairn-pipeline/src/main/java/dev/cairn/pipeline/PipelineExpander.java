package dev.cairn.pipeline;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The front door for expansion: turns a parsed {@link Pipeline} and a {@link BuildContext} into the
 * flat list of jobs an upload creates, in pipeline order, with every dependency resolved to job ids
 * (spec §5 to §7 and §10). Thread-safe and stateless; each call is independent.
 *
 * <p>What it does, in order: decides which steps are excluded by {@code if} or {@code branches} (a
 * group's condition applies to its children); checks that step keys are unique in the build;
 * expands matrices (with adjustments) and {@code parallelism} into jobs; resolves implicit {@code
 * wait}/{@code block} barriers and explicit {@code depends_on} (a group key means all its jobs, an
 * excluded step is satisfied and dropped); refuses unknown keys, cycles and breached limits. Every
 * problem is collected, and any problem refuses the whole upload: nothing is half-planned.
 *
 * <p>Typical use by the core:
 *
 * <pre>{@code
 * Expansion expansion =
 *     new PipelineExpander(PipelineLimits.DEFAULTS)
 *         .expand(pipeline, BuildContext.forBranch("main").withBuildNumber(42), ids::newId);
 * }</pre>
 */
public final class PipelineExpander {
  private final PipelineLimits limits;

  public PipelineExpander(PipelineLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Expands {@code pipeline} for the build described by {@code context}; {@code ids} supplies a
   * fresh id for every step and job.
   *
   * @throws PipelineException listing every problem: duplicate or unknown keys, cycles, a condition
   *     that cannot be evaluated, unknown matrix tokens, breached limits
   */
  public Expansion expand(Pipeline pipeline, BuildContext context, Supplier<String> ids)
      throws PipelineException {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(ids, "ids");
    return new ExpansionRun(pipeline, context, ids, limits).run();
  }
}
