package dev.cairn.server.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.plan.PlanException;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v3/jobs/{id}/pipelines}: a running job uploads more steps ({@code pipeline upload}).
 * The upload is applied before the reply, so the answer is a plain 200 even when the agent asks for
 * {@code async=true}, which the agent reads as "done". The upload's {@code uuid} makes a retried
 * request a no-op, and {@code GET .../pipelines/{uuid}} reports it applied.
 */
final class PipelineUploadHandler {
  private final Builds builds;
  private final JobAccess access;

  PipelineUploadHandler(Builds builds, JobAccess access) {
    this.builds = builds;
    this.access = access;
  }

  void upload(ServerRequest req, ServerResponse res) {
    var job = access.job(req, res);
    if (job.isEmpty()) {
      return;
    }
    JsonNode body = Replies.body(req, JsonNode.class, null);
    if (body == null || !body.path("pipeline").isObject()) {
      throw new BadRequestException("pipeline upload needs a body with a \"pipeline\" object");
    }
    if (body.path("replace").asBoolean(false)) {
      Replies.error(
          res, Status.UNPROCESSABLE_CONTENT_422, "pipeline upload --replace is not supported yet");
      return;
    }
    Optional<String> uuid =
        body.path("uuid").isTextual() ? Optional.of(body.path("uuid").asText()) : Optional.empty();
    String text = body.path("pipeline").toString();
    Result<BuildState> result;
    try {
      result = builds.upload(job.get().id(), "uploaded pipeline", text, uuid);
    } catch (PipelineException | PlanException e) {
      Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, e.getMessage());
      return;
    }
    switch (result) {
      case Result.Done<BuildState> done ->
          Replies.ok(res, Map.of("id", uuid.orElse(""), "state", "applied"));
      case Result.NotFound<BuildState> n -> Replies.error(res, Status.NOT_FOUND_404, "no such job");
      case Result.Refused<BuildState> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  void status(ServerRequest req, ServerResponse res) {
    var job = access.job(req, res);
    if (job.isEmpty()) {
      return;
    }
    String uuid = req.path().pathParameters().get("uuid");
    boolean applied =
        builds.buildOfJob(job.get().id()).map(b -> b.uploads().contains(uuid)).orElse(false);
    if (!applied) {
      Replies.error(res, Status.NOT_FOUND_404, "no upload " + uuid + " for this job");
      return;
    }
    Replies.ok(res, Map.of("state", "applied", "message", ""));
  }
}
