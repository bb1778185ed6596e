package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job a pipeline upload creates, with everything the scheduler needs and its dependencies
 * already resolved to job ids. Jobs of one step (matrix, parallelism) share {@code stepId}.
 * Immutable.
 *
 * @param label the step label, matrix tokens substituted; a command step without one is labelled
 *     with its command, other steps with their type
 * @param command the script for a command job (matrix tokens substituted), empty for other kinds
 * @param dependsOn the jobs this one waits for; with {@code allowDependencyFailure} every entry has
 *     {@code allowFailure} set
 * @param softFail the step's soft-fail statuses, or a matrix adjustment's
 * @param env pipeline env, then step env (matrix tokens substituted in values)
 * @param parallelJob this job's index among {@code parallelJobCount} parallel jobs
 * @param matrix this job's matrix values by dimension ({@code ""} for an anonymous matrix)
 * @param step the step the job came from, for type-specific data (block fields, trigger build)
 */
public record PlannedJob(
    String id,
    String stepId,
    Optional<String> stepKey,
    JobKind type,
    String label,
    String command,
    List<PlannedDependency> dependsOn,
    boolean allowDependencyFailure,
    SoftFail softFail,
    Map<String, String> agents,
    Map<String, String> env,
    Optional<Integer> parallelJob,
    Optional<Integer> parallelJobCount,
    Map<String, String> matrix,
    Retry retry,
    Optional<Integer> timeoutInMinutes,
    Optional<Integer> priority,
    Optional<Concurrency> concurrency,
    List<String> artifactPaths,
    List<Plugin> plugins,
    Skip skip,
    Step step) {
  public PlannedJob {
    dependsOn = List.copyOf(dependsOn);
    agents = Ordered.map(agents);
    env = Ordered.map(env);
    matrix = Ordered.map(matrix);
    artifactPaths = List.copyOf(artifactPaths);
    plugins = List.copyOf(plugins);
  }

  /** The step's attributes as written, which the agent receives as {@code job.step}. */
  public Map<String, Object> stepAttributes() {
    return step.attributes();
  }
}
