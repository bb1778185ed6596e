package dev.cairn.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as planned from a step: everything needed to schedule and run it, fixed when the step is
 * uploaded. {@code agentQuery} holds the step's {@code agents} rules; {@code continueOnFailure}
 * applies to waiters only; {@code env} keeps the order it was written in.
 */
public record JobSpec(
    String id,
    String stepId,
    Optional<String> stepKey,
    JobType type,
    String label,
    String command,
    List<JobDependency> dependsOn,
    boolean continueOnFailure,
    Map<String, String> env,
    Map<String, String> agentQuery,
    JobPolicy policy,
    Attempt attempt,
    StepDetails details) {

  /** A first attempt with no retry, soft-fail or timeout rules. */
  public JobSpec(
      String id,
      String stepId,
      Optional<String> stepKey,
      JobType type,
      String label,
      String command,
      List<JobDependency> dependsOn,
      boolean continueOnFailure,
      Map<String, String> env,
      Map<String, String> agentQuery) {
    this(
        id,
        stepId,
        stepKey,
        type,
        label,
        command,
        dependsOn,
        continueOnFailure,
        env,
        agentQuery,
        JobPolicy.NONE,
        Attempt.FIRST,
        StepDetails.NONE);
  }

  public JobSpec {
    dependsOn = List.copyOf(dependsOn);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    agentQuery = Collections.unmodifiableMap(new LinkedHashMap<>(agentQuery));
  }

  public JobSpec withDependsOn(List<JobDependency> deps) {
    return new JobSpec(
        id,
        stepId,
        stepKey,
        type,
        label,
        command,
        deps,
        continueOnFailure,
        env,
        agentQuery,
        policy,
        attempt,
        details);
  }

  /** The spec of the job that retries this one. */
  public JobSpec retriedAs(String newId, Attempt next) {
    return new JobSpec(
        newId,
        stepId,
        stepKey,
        type,
        label,
        command,
        dependsOn,
        continueOnFailure,
        env,
        agentQuery,
        policy,
        next,
        details);
  }
}
