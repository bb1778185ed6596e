package dev.cairn.server.rest;

import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobType;
import dev.cairn.core.org.PipelineDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds, jobs and pipelines in the JSON shapes of Buildkite's REST API v2. Field names and value
 * spellings (for example a job's {@code type}: {@code script}, {@code waiter}) are an external
 * contract that clients parse.
 */
final class BuildJson {
  private final Links links;
  private final Function<String, Map<String, String>> metaData;

  /** {@code metaData} gives a build's meta-data by build id. */
  BuildJson(Links links, Function<String, Map<String, String>> metaData) {
    this.links = links;
    this.metaData = metaData;
  }

  Map<String, Object> pipeline(PipelineDefinition p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", p.id());
    json.put("url", links.pipeline(p.organization(), p.slug()));
    json.put("web_url", links.baseUrl() + "/" + p.organization() + "/" + p.slug());
    json.put("name", p.name());
    json.put("slug", p.slug());
    json.put("repository", p.repository());
    json.put("default_branch", p.defaultBranch());
    json.put("configuration", p.configuration());
    json.put("builds_url", links.pipeline(p.organization(), p.slug()) + "/builds");
    json.put("created_at", p.createdAt().toString());
    return json;
  }

  Map<String, Object> build(BuildState build) {
    BuildCreated c = build.created();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", c.buildId());
    json.put("url", links.build(c.organization(), c.pipeline().slug(), c.number()));
    json.put("web_url", links.web(c.organization(), c.pipeline().slug(), c.number()));
    json.put("number", c.number());
    json.put("state", build.isBlocked() ? "blocked" : build.status().apiName());
    json.put("blocked", build.isBlocked());
    json.put("message", c.message());
    json.put("commit", c.commit());
    json.put("branch", c.branch());
    json.put("tag", null);
    json.put("env", c.env());
    json.put("source", c.source());
    c.triggeredFrom()
        .ifPresent(t -> {
          Map<String, Object> from = new LinkedHashMap<>();
          from.put("build_id", t.buildId());
          from.put("build_number", t.buildNumber());
          from.put("build_pipeline_slug", t.pipelineSlug());
          json.put("triggered_from", from);
        });
    json.put("jobs", jobs(build));
    json.put("created_at", c.at().toString());
    json.put("scheduled_at", c.at().toString());
    json.put("started_at", time(build.startedAt()));
    json.put("finished_at", time(build.finishedAt()));
    json.put("meta_data", metaData.apply(c.buildId()));
    json.put("pull_request", null);
    json.put(
        "pipeline",
        Map.of(
            "id", c.pipeline().id(),
            "slug", c.pipeline().slug(),
            "name", c.pipeline().name(),
            "repository", c.pipeline().repository(),
            "url", links.pipeline(c.organization(), c.pipeline().slug())));
    return json;
  }

  private List<Map<String, Object>> jobs(BuildState build) {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Job job : build.jobList()) {
      jobs.add(job(build, job));
    }
    return jobs;
  }

  Map<String, Object> job(BuildState build, Job job) {
    BuildCreated c = build.created();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id());
    json.put("type", job.spec().type().apiName());
    json.put("step_key", job.spec().stepKey().orElse(null));
    json.put("step", Map.of("id", job.spec().stepId()));
    json.put("state", job.state().apiName());
    json.put("created_at", job.createdAt().toString());
    if (job.spec().type() == JobType.WAITER) {
      json.put("continue_on_failure", job.spec().continueOnFailure());
      return json;
    }
    if (job.spec().type().isManual()) {
      json.put("label", job.spec().label());
      json.put("unblockable", job.state() == dev.cairn.core.job.JobState.BLOCKED);
      json.put(
          "unblock_url",
          links.job(c.organization(), c.pipeline().slug(), c.number(), job.id()) + "/unblock");
      json.put("finished_at", time(job.finishedAt()));
      return json;
    }
    if (job.spec().type() == JobType.TRIGGER) {
      return trigger(build, job, json);
    }
    String url = links.job(c.organization(), c.pipeline().slug(), c.number(), job.id());
    json.put("name", job.spec().label());
    json.put("command", job.spec().command());
    json.put(
        "agent_query_rules",
        job.spec().agentQuery().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList());
    json.put("exit_status", job.exitStatus().orElse(null));
    json.put("signal", job.signal().orElse(null));
    json.put("signal_reason", job.signalReason().orElse(null));
    json.put("soft_failed", job.softFailed());
    json.put(
        "web_url", links.web(c.organization(), c.pipeline().slug(), c.number()) + "#" + job.id());
    json.put("log_url", url + "/log");
    json.put("raw_log_url", url + "/log.txt");
    job.spec().details().parallelJob().ifPresent(n -> json.put("parallel_group_index", n));
    job.spec().details().parallelJobCount().ifPresent(n -> json.put("parallel_group_total", n));
    if (!job.spec().details().matrix().isEmpty()) {
      json.put("matrix", job.spec().details().matrix());
    }
    json.put("priority", Map.of("number", job.spec().details().priority()));
    json.put("scheduled_at", time(job.scheduledAt()));
    json.put("runnable_at", time(job.scheduledAt()));
    json.put("started_at", time(job.startedAt()));
    json.put("finished_at", time(job.finishedAt()));
    json.put("retried", job.retriedBy().isPresent());
    json.put("retried_in_job_id", job.retriedBy().orElse(null));
    json.put("retries_count", job.spec().attempt().number());
    json.put(
        "retry_source",
        job.spec().attempt().retryOf().map(id -> Map.of("job_id", id)).orElse(null));
    json.put(
        "agent",
        job.agentId().isEmpty()
            ? null
            : Map.of("id", job.agentId().get(), "name", job.agentName().orElse("")));
    return json;
  }

  /**
   * A trigger job as Buildkite shows one: no agent, command or log, but the build it made ({@code
   * triggered_build}, null until it exists).
   */
  private Map<String, Object> trigger(BuildState build, Job job, Map<String, Object> json) {
    BuildCreated c = build.created();
    json.put("name", job.spec().label());
    json.put(
        "web_url", links.web(c.organization(), c.pipeline().slug(), c.number()) + "#" + job.id());
    json.put("scheduled_at", time(job.scheduledAt()));
    json.put("runnable_at", time(job.scheduledAt()));
    json.put("started_at", time(job.startedAt()));
    json.put("finished_at", time(job.finishedAt()));
    json.put("soft_failed", job.softFailed());
    json.put("async", job.spec().details().trigger().map(t -> t.async()).orElse(false));
    job.spec().details().parallelJob().ifPresent(n -> json.put("parallel_group_index", n));
    job.spec().details().parallelJobCount().ifPresent(n -> json.put("parallel_group_total", n));
    json.put(
        "triggered_build",
        job.triggeredBuild()
            .map(t -> {
              Map<String, Object> made = new LinkedHashMap<>();
              made.put("id", t.buildId());
              made.put("number", t.number());
              made.put("url", links.build(c.organization(), t.pipelineSlug(), t.number()));
              made.put("web_url", links.web(c.organization(), t.pipelineSlug(), t.number()));
              return made;
            })
            .orElse(null));
    return json;
  }

  private static String time(Optional<Instant> at) {
    return at.map(Instant::toString).orElse(null);
  }
}
