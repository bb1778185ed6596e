package dev.cairn.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code env("NAME")}, {@code build.env("NAME")} and {@code $NAME} read in an {@code if},
 * built the way Buildkite's evaluator builds it (buildkite/conditional, {@code mergedEnv}): the
 * build's own env without the {@code BUILDKITE_*} names conditions may not read, then the build's
 * standard variables on top, so a build env cannot spoof {@code BUILDKITE_BRANCH}. A standard
 * variable the build has no value for is {@code ""} rather than unset where Buildkite does the same
 * ({@code BUILDKITE_TAG}, {@code BUILDKITE_MESSAGE}, the pull request ones), so {@code
 * build.env("BUILDKITE_TAG")} is {@code ""}, not {@code null}, on a build without a tag. Values
 * Cairn passes in the env (the {@code BUILDKITE_TRIGGERED_FROM_*} of a triggered build) are kept.
 * Stateless.
 */
final class ConditionEnvironment {
  /** Standard names that read as {@code ""} when the build has no value and the env gives none. */
  private static final List<String> BLANK_WHEN_ABSENT =
      List.of(
          "BUILDKITE_TRIGGERED_FROM_BUILD_ID",
          "BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER",
          "BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG",
          "BUILDKITE_TRIGGERED_FROM_BUILD_JOB_ID",
          "BUILDKITE_REBUILT_FROM_BUILD_ID",
          "BUILDKITE_REBUILT_FROM_BUILD_NUMBER",
          "BUILDKITE_PULL_REQUEST_USING_MERGE_REFSPEC",
          "BUILDKITE_GIT_DIFF_BASE");

  private ConditionEnvironment() {}

  static Map<String, String> of(BuildContext build) {
    Map<String, Object> vars = build.conditionVariables();
    Map<String, String> env = new HashMap<>();
    build
        .env()
        .forEach((name, value) -> {
          if (ConditionVariables.readable(name)) {
            env.put(name, value);
          }
        });
    env.put("BUILDKITE_BRANCH", build.branch());
    env.put("BUILDKITE_TAG", text(vars, "build.tag"));
    env.put("BUILDKITE_MESSAGE", text(vars, "build.message"));
    putKnown(env, "BUILDKITE_COMMIT", vars, "build.commit");
    putKnown(env, "BUILDKITE_REPO", vars, "pipeline.repository");
    putKnown(env, "BUILDKITE_PIPELINE_SLUG", vars, "pipeline.slug");
    putKnown(env, "BUILDKITE_PIPELINE_NAME", vars, "pipeline.name");
    putKnown(env, "BUILDKITE_PIPELINE_ID", vars, "pipeline.id");
    putKnown(env, "BUILDKITE_ORGANIZATION_SLUG", vars, "organization.slug");
    String pullRequest = text(vars, "build.pull_request.id");
    env.put("BUILDKITE_PULL_REQUEST", pullRequest.isEmpty() ? "false" : pullRequest);
    env.put("BUILDKITE_PULL_REQUEST_BASE_BRANCH", text(vars, "build.pull_request.base_branch"));
    env.put("BUILDKITE_PULL_REQUEST_REPO", text(vars, "build.pull_request.repository"));
    env.put(
        "BUILDKITE_PULL_REQUEST_LABELS",
        vars.get("build.pull_request.labels") instanceof List<?> labels
            ? String.join(",", labels.stream().map(String::valueOf).toList())
            : "");
    env.put("BUILDKITE_MERGE_QUEUE_BASE_BRANCH", text(vars, "build.merge_queue.base_branch"));
    env.put("BUILDKITE_MERGE_QUEUE_BASE_COMMIT", text(vars, "build.merge_queue.base_commit"));
    BLANK_WHEN_ABSENT.forEach(name -> env.putIfAbsent(name, ""));
    return env;
  }

  private static String text(Map<String, Object> vars, String name) {
    Object value = vars.get(name);
    return value == null ? "" : value.toString();
  }

  private static void putKnown(
      Map<String, String> env, String name, Map<String, Object> vars, String variable) {
    Object value = vars.get(variable);
    if (value != null) {
      env.put(name, value.toString());
    }
  }
}
