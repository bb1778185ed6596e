package dev.cairn.core.orchestrate;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment the server sends with a job: the {@code BUILDKITE_*} variables pipelines and
 * plugins expect (agent API spec, section 5.2), then the build's env, then the job's (pipeline and
 * step) env, later sources winning. Built from small named contributors rather than one long
 * method.
 */
public final class JobEnvironment {
  private final Supplier<String> webUrl;

  /**
   * @param webUrl the server's public base URL, for {@code BUILDKITE_BUILD_URL}
   */
  public JobEnvironment(Supplier<String> webUrl) {
    this.webUrl = webUrl;
  }

  public Map<String, String> of(BuildState build, Job job, AgentRecord agent) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CI", "true");
    env.put("BUILDKITE", "true");
    build(env, build);
    job(env, job);
    agent(env, agent);
    env.putAll(build.created().env());
    env.putAll(job.spec().env());
    return env;
  }

  private void build(Map<String, String> env, BuildState build) {
    BuildCreated c = build.created();
    env.put("BUILDKITE_BUILD_ID", c.buildId());
    env.put("BUILDKITE_BUILD_NUMBER", Long.toString(c.number()));
    env.put("BUILDKITE_BUILD_URL", buildUrl(build));
    env.put("BUILDKITE_ORGANIZATION_SLUG", c.organization());
    env.put("BUILDKITE_PIPELINE_SLUG", c.pipeline().slug());
    env.put("BUILDKITE_PIPELINE_NAME", c.pipeline().name());
    env.put("BUILDKITE_PIPELINE_ID", c.pipeline().id());
    env.put("BUILDKITE_PIPELINE_DEFAULT_BRANCH", c.pipeline().defaultBranch());
    env.put("BUILDKITE_PIPELINE_PROVIDER", "unknown");
    env.put("BUILDKITE_REPO", c.pipeline().repository());
    env.put("BUILDKITE_COMMIT", c.commit());
    env.put("BUILDKITE_BRANCH", c.branch());
    env.put("BUILDKITE_TAG", "");
    env.put("BUILDKITE_MESSAGE", c.message());
    env.put("BUILDKITE_SOURCE", c.source());
    env.put("BUILDKITE_PULL_REQUEST", "false");
    env.put("BUILDKITE_COMPUTE_TYPE", "self-hosted");
    // Set only in builds a trigger step created, as the official service does.
    c.triggeredFrom()
        .ifPresent(t -> {
          env.put("BUILDKITE_TRIGGERED_FROM_BUILD_ID", t.buildId());
          env.put("BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER", Long.toString(t.buildNumber()));
          env.put("BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG", t.pipelineSlug());
        });
  }

  private static void job(Map<String, String> env, Job job) {
    env.put("BUILDKITE_JOB_ID", job.id());
    env.put("BUILDKITE_STEP_ID", job.spec().stepId());
    env.put("BUILDKITE_STEP_KEY", job.spec().stepKey().orElse(""));
    env.put("BUILDKITE_LABEL", job.spec().label());
    env.put("BUILDKITE_COMMAND", job.spec().command());
    env.put("BUILDKITE_RETRY_COUNT", Integer.toString(job.spec().attempt().number()));
    env.put(
        "BUILDKITE_TIMEOUT",
        job.spec().policy().timeout().map(t -> Long.toString(t.toMinutes())).orElse("false"));
    env.put("BUILDKITE_ARTIFACT_PATHS", String.join(";", job.spec().details().artifactPaths()));
    job.spec()
        .details()
        .parallelJob()
        .ifPresent(n -> env.put("BUILDKITE_PARALLEL_JOB", Integer.toString(n)));
    job.spec()
        .details()
        .parallelJobCount()
        .ifPresent(n -> env.put("BUILDKITE_PARALLEL_JOB_COUNT", Integer.toString(n)));
    env.put("BUILDKITE_PLUGINS", "");
  }

  private static void agent(Map<String, String> env, AgentRecord agent) {
    env.put("BUILDKITE_AGENT_ID", agent.id());
    env.put("BUILDKITE_AGENT_NAME", agent.name());
    agent
        .tags()
        .forEach((key, value) ->
            env.put(
                "BUILDKITE_AGENT_META_DATA_"
                    + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                value));
  }

  /** The build's web address: {@code <base>/<org>/<pipeline>/builds/<number>}. */
  public String buildUrl(BuildState build) {
    BuildCreated c = build.created();
    return webUrl.get()
        + "/"
        + c.organization()
        + "/"
        + c.pipeline().slug()
        + "/builds/"
        + c.number();
  }
}
