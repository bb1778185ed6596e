package dev.cairn.server.rest;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.explain.BuildExplainer;
import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.BuildRequest;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.orchestrate.Unblocks;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.core.plan.PlanException;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Builds of a pipeline: create, get, cancel. */
final class BuildResource {
  private final Pipelines pipelines;
  private final Builds builds;
  private final Unblocks unblocks;
  private final BuildJson json;

  BuildResource(Pipelines pipelines, Builds builds, Unblocks unblocks, BuildJson json) {
    this.pipelines = pipelines;
    this.builds = builds;
    this.unblocks = unblocks;
    this.json = json;
  }

  /** The body Buildkite's API takes to create a build. */
  record CreateBuild(String commit, String branch, String message, Map<String, String> env) {}

  void create(ServerRequest req, ServerResponse res) {
    Optional<PipelineDefinition> pipeline = pipeline(req, res);
    if (pipeline.isEmpty()) {
      return;
    }
    CreateBuild body =
        Replies.body(req, CreateBuild.class, new CreateBuild(null, null, null, null));
    BuildRequest request =
        new BuildRequest(
            Objects.requireNonNullElse(body.branch(), pipeline.get().defaultBranch()),
            Objects.requireNonNullElse(body.commit(), "HEAD"),
            Objects.requireNonNullElse(body.message(), ""),
            Objects.requireNonNullElse(body.env(), Map.of()),
            "api");
    try {
      BuildState build = builds.create(pipeline.get(), request);
      Replies.json(res, Status.CREATED_201, json.build(build));
    } catch (PipelineException | PlanException e) {
      Replies.error(
          res,
          Status.UNPROCESSABLE_CONTENT_422,
          "the pipeline's steps are invalid: " + e.getMessage());
    }
  }

  void get(ServerRequest req, ServerResponse res) {
    find(req, res).ifPresent(build -> Replies.ok(res, json.build(build)));
  }

  void cancel(ServerRequest req, ServerResponse res) {
    Optional<BuildState> build = find(req, res);
    if (build.isEmpty()) {
      return;
    }
    if (build.get().status().isTerminal()) {
      Replies.error(
          res,
          Status.UNPROCESSABLE_CONTENT_422,
          "Build can't be canceled because it's already " + build.get().status().apiName());
      return;
    }
    builds
        .cancel(build.get().id(), "api")
        .ifPresent(outcome -> Replies.ok(res, json.build(outcome.state())));
  }

  /**
   * {@code GET .../builds/{number}/explain[?job=ID]}: the build's history replayed into plain text,
   * one line per event, saying why each job waited, ran, broke or was retried (a Cairn extension,
   * read by {@code cairn build explain}).
   */
  void explain(ServerRequest req, ServerResponse res) {
    Optional<BuildState> build = find(req, res);
    if (build.isEmpty()) {
      return;
    }
    Optional<String> job = req.query().first("job").asOptional();
    if (job.isPresent() && build.get().job(job.get()).isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No job found");
      return;
    }
    List<String> lines = BuildExplainer.explain(builds.history(build.get().id()), job);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The body Buildkite's API takes to unblock a job: who, and the block step's field values. */
  record UnblockRequest(Map<String, String> unblocker, Map<String, String> fields) {}

  /**
   * {@code PUT .../builds/{number}/jobs/{job}/unblock}: releases a block or input step; its field
   * values become build meta-data.
   */
  void unblockJob(ServerRequest req, ServerResponse res) {
    Optional<BuildState> build = find(req, res);
    if (build.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("job");
    UnblockRequest body = Replies.body(req, UnblockRequest.class, new UnblockRequest(null, null));
    String by =
        body.unblocker() == null
            ? "api"
            : body.unblocker().getOrDefault("email", body.unblocker().getOrDefault("name", "api"));
    Map<String, String> fields = Objects.requireNonNullElse(body.fields(), Map.of());
    switch (unblocks.unblock(build.get(), jobId, by, fields)) {
      case Result.Done<BuildState> done ->
          Replies.ok(res, json.job(done.value(), done.value().job(jobId).orElseThrow()));
      case Result.NotFound<BuildState> n ->
          Replies.error(res, Status.NOT_FOUND_404, "No job found");
      case Result.Refused<BuildState> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  /** {@code PUT .../builds/{number}/jobs/{job}/retry}: runs a finished job again. */
  void retryJob(ServerRequest req, ServerResponse res) {
    Optional<BuildState> build = find(req, res);
    if (build.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("job");
    if (build.get().job(jobId).isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No job found");
      return;
    }
    switch (builds.retry(build.get().id(), jobId, "api")) {
      case Result.Done<BuildState> done -> {
        BuildState after = done.value();
        String retryId = after.job(jobId).flatMap(Job::retriedBy).orElseThrow();
        Replies.ok(res, json.job(after, after.job(retryId).orElseThrow()));
      }
      case Result.NotFound<BuildState> n ->
          Replies.error(res, Status.NOT_FOUND_404, "No job found");
      case Result.Refused<BuildState> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  private Optional<PipelineDefinition> pipeline(ServerRequest req, ServerResponse res) {
    var params = req.path().pathParameters();
    Optional<PipelineDefinition> pipeline =
        pipelines.find(params.get("org"), params.get("pipeline"));
    if (pipeline.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No pipeline found");
    }
    return pipeline;
  }

  /** The build the path names, or a 404 answer. */
  Optional<BuildState> find(ServerRequest req, ServerResponse res) {
    var params = req.path().pathParameters();
    long number;
    try {
      number = Long.parseLong(params.get("number"));
    } catch (NumberFormatException e) {
      throw new BadRequestException("build number must be a whole number");
    }
    Optional<BuildState> build = builds.find(params.get("org"), params.get("pipeline"), number);
    if (build.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No build found");
    }
    return build;
  }
}
