package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables and functions an {@code if} expression may use (spec §5), with their types. Enum
 * variables list their values, so {@code build.source == "cron"} is refused at upload. Literal
 * {@code BUILDKITE_*} names passed to {@code env()} must be in the allowlist.
 */
final class ConditionVariables {
  static final List<String> SOURCES = List.of("ui", "api", "webhook", "trigger_job", "schedule");
  static final List<String> STATES =
      List.of(
          "running",
          "scheduled",
          "passed",
          "failing",
          "failed",
          "blocked",
          "canceled",
          "canceling",
          "skipped",
          "not_run",
          "creating",
          "started");

  private static final Map<String, ExprType> TYPES =
      Map.ofEntries(
          Map.entry("build.author.email", ExprType.STRING),
          Map.entry("build.author.id", ExprType.STRING),
          Map.entry("build.author.name", ExprType.STRING),
          Map.entry("build.author.teams", ExprType.ARRAY),
          Map.entry("build.creator.email", ExprType.STRING),
          Map.entry("build.creator.id", ExprType.STRING),
          Map.entry("build.creator.name", ExprType.STRING),
          Map.entry("build.creator.teams", ExprType.ARRAY),
          Map.entry("build.branch", ExprType.STRING),
          Map.entry("build.commit", ExprType.STRING),
          Map.entry("build.id", ExprType.STRING),
          Map.entry("build.message", ExprType.STRING),
          Map.entry("build.number", ExprType.NUMBER),
          Map.entry("build.pull_request.base_branch", ExprType.STRING),
          Map.entry("build.pull_request.id", ExprType.STRING),
          Map.entry("build.pull_request.draft", ExprType.BOOLEAN),
          Map.entry("build.pull_request.labels", ExprType.ARRAY),
          Map.entry("build.pull_request.label", ExprType.STRING),
          Map.entry("build.pull_request.repository", ExprType.STRING),
          Map.entry("build.pull_request.repository.fork", ExprType.BOOLEAN),
          Map.entry("build.merge_queue.base_branch", ExprType.STRING),
          Map.entry("build.merge_queue.base_commit", ExprType.STRING),
          Map.entry("build.source", ExprType.STRING),
          Map.entry("build.source_event", ExprType.STRING),
          Map.entry("build.source_action", ExprType.STRING),
          Map.entry("build.state", ExprType.STRING),
          Map.entry("build.tag", ExprType.STRING),
          Map.entry("pipeline.default_branch", ExprType.STRING),
          Map.entry("pipeline.id", ExprType.STRING),
          Map.entry("pipeline.repository", ExprType.STRING),
          Map.entry("pipeline.slug", ExprType.STRING),
          Map.entry("organization.id", ExprType.STRING),
          Map.entry("organization.slug", ExprType.STRING));

  /**
   * What only a notification's {@code if} may read (spec §5): whether the pipeline started failing
   * or passing with this build, and, for step notifications, the step that finished.
   */
  private static final Map<String, ExprType> NOTIFICATION_TYPES =
      Map.ofEntries(
          Map.entry("pipeline.started_failing", ExprType.BOOLEAN),
          Map.entry("pipeline.started_passing", ExprType.BOOLEAN),
          Map.entry("step.id", ExprType.STRING),
          Map.entry("step.key", ExprType.STRING),
          Map.entry("step.label", ExprType.STRING),
          Map.entry("step.type", ExprType.STRING),
          Map.entry("step.state", ExprType.STRING),
          Map.entry("step.outcome", ExprType.STRING));

  private static final Map<String, List<String>> ENUMS =
      Map.of("build.source", SOURCES, "build.state", STATES);

  private static final Set<String> ALLOWED_BUILDKITE =
      Set.of(
          "BUILDKITE_BRANCH",
          "BUILDKITE_TAG",
          "BUILDKITE_MESSAGE",
          "BUILDKITE_COMMIT",
          "BUILDKITE_PIPELINE_SLUG",
          "BUILDKITE_PIPELINE_NAME",
          "BUILDKITE_PIPELINE_ID",
          "BUILDKITE_ORGANIZATION_SLUG",
          "BUILDKITE_TRIGGERED_FROM_BUILD_ID",
          "BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER",
          "BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG",
          "BUILDKITE_TRIGGERED_FROM_BUILD_JOB_ID",
          "BUILDKITE_REBUILT_FROM_BUILD_ID",
          "BUILDKITE_REBUILT_FROM_BUILD_NUMBER",
          "BUILDKITE_REPO",
          "BUILDKITE_PULL_REQUEST",
          "BUILDKITE_PULL_REQUEST_BASE_BRANCH",
          "BUILDKITE_PULL_REQUEST_REPO",
          "BUILDKITE_PULL_REQUEST_LABELS",
          "BUILDKITE_PULL_REQUEST_USING_MERGE_REFSPEC",
          "BUILDKITE_GIT_DIFF_BASE",
          "BUILDKITE_MERGE_QUEUE_BASE_BRANCH",
          "BUILDKITE_MERGE_QUEUE_BASE_COMMIT");

  private ConditionVariables() {}

  static Optional<ExprType> type(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  /** Like {@link #type}, for a notification's condition. */
  static Optional<ExprType> notificationType(String name) {
    return type(name).or(() -> Optional.ofNullable(NOTIFICATION_TYPES.get(name)));
  }

  static Optional<List<String>> enumValues(String name) {
    return Optional.ofNullable(ENUMS.get(name));
  }

  /** Whether {@code env("NAME")} may read NAME. */
  static boolean readable(String name) {
    return !name.startsWith("BUILDKITE_")
        || ALLOWED_BUILDKITE.contains(name)
        || name.startsWith("BUILDKITE_GITHUB_");
  }
}
