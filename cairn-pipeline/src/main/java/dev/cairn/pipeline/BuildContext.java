package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What expansion needs to know about the build a pipeline is uploaded into: the values {@code if}
 * expressions and branch filters read, the build's custom env (for {@code build.env()} and {@code
 * env()}, which also see the build's standard {@code BUILDKITE_*} variables: see {@link
 * ConditionEnvironment}), and what the build already holds (its job count, for the per-build limit,
 * and the job ids of its keyed steps, so an upload may depend on earlier steps). Immutable; build
 * one with {@link #forBranch} and the {@code with...} methods.
 *
 * @param variables extra condition variables by dotted name (such as {@code build.message} or
 *     {@code build.pull_request.labels}); they override the ones derived from the other fields
 * @param existingJobs jobs already in the build, retries included
 * @param existingKeys step keys already in the build, with the job ids of each
 */
public record BuildContext(
    String branch,
    Optional<String> tag,
    String defaultBranch,
    Optional<String> pullRequest,
    long buildNumber,
    String source,
    Map<String, String> env,
    Map<String, Object> variables,
    int existingJobs,
    Map<String, List<String>> existingKeys) {
  public BuildContext {
    env = Ordered.map(env);
    variables = Ordered.map(variables);
    existingKeys = Ordered.map(existingKeys);
  }

  /**
   * Build 1 of {@code branch}, whose pipeline's default branch is {@code main}, made by the API.
   */
  public static BuildContext forBranch(String branch) {
    return new BuildContext(
        branch,
        Optional.empty(),
        "main",
        Optional.empty(),
        1,
        "api",
        Map.of(),
        Map.of(),
        0,
        Map.of());
  }

  public BuildContext withTag(Optional<String> t) {
    return new BuildContext(
        branch,
        t,
        defaultBranch,
        pullRequest,
        buildNumber,
        source,
        env,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withDefaultBranch(String b) {
    return new BuildContext(
        branch,
        tag,
        b,
        pullRequest,
        buildNumber,
        source,
        env,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withPullRequest(Optional<String> pr) {
    return new BuildContext(
        branch,
        tag,
        defaultBranch,
        pr,
        buildNumber,
        source,
        env,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withBuildNumber(long n) {
    return new BuildContext(
        branch,
        tag,
        defaultBranch,
        pullRequest,
        n,
        source,
        env,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withSource(String s) {
    return new BuildContext(
        branch,
        tag,
        defaultBranch,
        pullRequest,
        buildNumber,
        s,
        env,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withEnv(Map<String, String> e) {
    return new BuildContext(
        branch,
        tag,
        defaultBranch,
        pullRequest,
        buildNumber,
        source,
        e,
        variables,
        existingJobs,
        existingKeys);
  }

  public BuildContext withVariables(Map<String, Object> v) {
    return new BuildContext(
        branch,
        tag,
        defaultBranch,
        pullRequest,
        buildNumber,
        source,
        env,
        v,
        existingJobs,
        existingKeys);
  }

  public BuildContext withExisting(int jobs, Map<String, List<String>> keys) {
    return new BuildContext(
        branch, tag, defaultBranch, pullRequest, buildNumber, source, env, variables, jobs, keys);
  }

  /** The condition variables: the ones derived from the fields, overridden by {@code variables}. */
  Map<String, Object> conditionVariables() {
    Map<String, Object> values = new java.util.HashMap<>();
    values.put("build.branch", branch);
    tag.ifPresent(t -> values.put("build.tag", t));
    values.put("pipeline.default_branch", defaultBranch);
    pullRequest.ifPresent(pr -> values.put("build.pull_request.id", pr));
    values.put("build.number", buildNumber);
    values.put("build.source", source);
    values.put("build.state", "running");
    values.putAll(variables);
    return values;
  }
}
