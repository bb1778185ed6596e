package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent.TriggeredFrom;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.TriggerSpec;
import dev.cairn.core.org.PipelineDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build a scheduled trigger job should make, or why it cannot make one: the rules of
 * Buildkite's trigger step (the target must be a pipeline of the same organization; branch, commit
 * and message default to the target's default branch, {@code HEAD} and the step label; a chain is
 * at most {@code maxDepth} builds deep). Pure: the caller looks the target up and makes the build.
 */
public sealed interface TriggerPlan {

  /** Make this build of {@code pipeline}. */
  record Create(
      PipelineDefinition pipeline,
      String branch,
      String commit,
      String message,
      Map<String, String> env,
      Map<String, String> metaData,
      TriggeredFrom from)
      implements TriggerPlan {
    public Create {
      env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      metaData = Collections.unmodifiableMap(new LinkedHashMap<>(metaData));
    }
  }

  /** Make no build: the job fails with {@code reason}. */
  record Refuse(String reason) implements TriggerPlan {}

  /**
   * Plans the build of trigger job {@code job} of build {@code parent}; {@code target} is the
   * pipeline its step names, looked up in the parent's organization (empty when there is none).
   */
  static TriggerPlan of(
      BuildState parent, Job job, Optional<PipelineDefinition> target, int maxDepth) {
    Optional<TriggerSpec> found = job.spec().details().trigger();
    if (found.isEmpty()) {
      return new Refuse("the job has no trigger details; upload its step again");
    }
    TriggerSpec spec = found.get();
    String organization = parent.created().organization();
    if (target.isEmpty() || !target.get().organization().equals(organization)) {
      return new Refuse(
          "no pipeline \""
              + spec.pipeline()
              + "\" in organization \""
              + organization
              + "\" to trigger; create it first or fix the step's \"trigger\"");
    }
    int depth = parent.created().triggerDepth() + 1;
    if (depth > maxDepth) {
      return new Refuse(
          "triggering "
              + spec.pipeline()
              + " would make a chain of "
              + depth
              + " builds, and at most "
              + maxDepth
              + " are allowed (server option --max-trigger-depth)");
    }
    PipelineDefinition pipeline = target.get();
    return new Create(
        pipeline,
        spec.branch().orElse(pipeline.defaultBranch()),
        spec.commit().orElse("HEAD"),
        spec.message().orElse(job.spec().label()),
        spec.env(),
        spec.metaData(),
        new TriggeredFrom(
            parent.id(),
            parent.created().number(),
            parent.created().pipeline().slug(),
            job.id(),
            depth));
  }
}
