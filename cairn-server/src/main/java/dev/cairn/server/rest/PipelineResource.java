package dev.cairn.server.rest;

import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /v2/organizations/{org}/pipelines} and {@code GET .../pipelines/{pipeline}}. */
final class PipelineResource {
  private final Pipelines pipelines;
  private final BuildJson json;

  PipelineResource(Pipelines pipelines, BuildJson json) {
    this.pipelines = pipelines;
    this.json = json;
  }

  /** The body Buildkite's API takes to create a pipeline (steps YAML in {@code configuration}). */
  record CreatePipeline(
      String name, String slug, String repository, String defaultBranch, String configuration) {}

  void create(ServerRequest req, ServerResponse res) {
    String org = req.path().pathParameters().get("org");
    if (pipelines.organization(org).isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No organization found");
      return;
    }
    CreatePipeline body = Replies.body(req, CreatePipeline.class, null);
    if (body == null || body.name() == null || body.name().isBlank()) {
      Replies.error(
          res, Status.UNPROCESSABLE_CONTENT_422, "Validation failed: Name can't be blank");
      return;
    }
    if (body.configuration() == null || body.configuration().isBlank()) {
      Replies.error(
          res, Status.UNPROCESSABLE_CONTENT_422, "Validation failed: Configuration can't be blank");
      return;
    }
    try {
      PipelineDefinition created =
          pipelines.create(
              org,
              new Pipelines.NewPipeline(
                  body.name(),
                  body.slug(),
                  body.repository(),
                  body.defaultBranch(),
                  body.configuration()));
      Replies.json(res, Status.CREATED_201, json.pipeline(created));
    } catch (PipelineException e) {
      Replies.error(
          res,
          Status.UNPROCESSABLE_CONTENT_422,
          "Validation failed: configuration: " + e.getMessage());
    } catch (IllegalStateException e) {
      Replies.error(
          res, Status.UNPROCESSABLE_CONTENT_422, "Validation failed: Slug has already been taken");
    }
  }

  void get(ServerRequest req, ServerResponse res) {
    var params = req.path().pathParameters();
    pipelines
        .find(params.get("org"), params.get("pipeline"))
        .ifPresentOrElse(
            p -> Replies.ok(res, json.pipeline(p)),
            () -> Replies.error(res, Status.NOT_FOUND_404, "No pipeline found"));
  }
}
