package dev.cairn.core.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as planned from a step: everything needed to schedule and run it, fixed when the step is
 * uploaded. {@code agentQuery} holds the step's {@code agents} rules; {@code continueOnFailure}
 * applies to waiters only.
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
    Map<String, String> agentQuery) {

  public JobSpec {
    dependsOn = List.copyOf(dependsOn);
    env = Map.copyOf(env);
    agentQuery = Map.copyOf(agentQuery);
  }
}
