package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildEvent.TriggeredFrom;
import dev.cairn.core.org.PipelineDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment a pipeline's stored steps (its {@code configuration}) are interpolated against
 * when a build is created. Buildkite interpolates the steps of its YAML steps editor (which is what
 * a pipeline created through the REST API holds) before the build exists, so only this subset of
 * its variables is set: branch, tag, message, commit, pipeline slug, name and id, organization,
 * triggering pipeline, repository and pull request; others (such as {@code BUILDKITE_BUILD_NUMBER})
 * are unset, and {@code $$VAR} or {@code \$VAR} is the way to reach the job's shell. The build's
 * own env is set too, under those. Stateless.
 */
final class ConfiguredStepsEnv {
  private ConfiguredStepsEnv() {}

  static Map<String, String> of(
      PipelineDefinition pipeline, BuildRequest request, Optional<TriggeredFrom> from) {
    Map<String, String> env = new LinkedHashMap<>(request.env());
    env.put("BUILDKITE_BRANCH", request.branch());
    env.put("BUILDKITE_COMMIT", request.commit());
    env.put("BUILDKITE_MESSAGE", Objects.requireNonNullElse(request.message(), ""));
    env.put("BUILDKITE_PIPELINE_SLUG", pipeline.slug());
    env.put("BUILDKITE_PIPELINE_NAME", Objects.requireNonNullElse(pipeline.name(), ""));
    env.put("BUILDKITE_PIPELINE_ID", pipeline.id());
    env.put("BUILDKITE_ORGANIZATION_SLUG", pipeline.organization());
    env.put("BUILDKITE_REPO", Objects.requireNonNullElse(pipeline.repository(), ""));
    from.ifPresent(f -> env.put("BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG", f.pipelineSlug()));
    // Not modelled on a build request; a caller may pass them in the build's env.
    env.putIfAbsent("BUILDKITE_TAG", "");
    env.putIfAbsent("BUILDKITE_PULL_REQUEST", "false");
    env.putIfAbsent("BUILDKITE_PULL_REQUEST_BASE_BRANCH", "");
    env.putIfAbsent("BUILDKITE_PULL_REQUEST_REPO", "");
    return env;
  }
}
