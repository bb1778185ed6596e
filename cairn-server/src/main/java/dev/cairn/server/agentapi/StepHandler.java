package dev.cairn.server.agentapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.orchestrate.StepAttributes;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code buildkite-agent step get} ({@code POST steps/{step}/export}) and {@code step update}
 * ({@code PUT steps/{step}}); the step is named by id or key within {@code build_id}, which must be
 * the build of the caller's job. {@code step cancel} is not offered yet: canceling one step needs a
 * decider command of its own.
 */
final class StepHandler {
  private final StepAttributes steps;
  private final JobAccess access;

  StepHandler(StepAttributes steps, JobAccess access) {
    this.steps = steps;
    this.access = access;
  }

  record Export(String attribute, String buildId, String format) {}

  record Update(
      String idempotencyUuid, String buildId, String attribute, String value, Boolean append) {}

  void export(ServerRequest req, ServerResponse res) {
    Export body = Replies.body(req, Export.class, new Export(null, null, null));
    var held = access.build(req, res, body.buildId());
    if (held.isEmpty()) {
      return;
    }
    String step = req.path().pathParameters().get("step");
    switch (steps.export(held.get().build(), step)) {
      case Result.Done<Map<String, Object>> d ->
          Replies.ok(res, Map.of("output", output(d.value(), body)));
      case Result.NotFound<Map<String, Object>> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no step " + step + " in the build");
      case Result.Refused<Map<String, Object>> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  /** The attribute's value (text, or JSON with {@code format=json}), or the whole step as JSON. */
  private static String output(Map<String, Object> step, Export body) {
    try {
      if (body.attribute() == null || body.attribute().isBlank()) {
        return Replies.mapper().writeValueAsString(step);
      }
      Object value = step.get(body.attribute());
      if ("json".equals(body.format())) {
        return Replies.mapper().writeValueAsString(value);
      }
      if (value == null) {
        return "";
      }
      return value instanceof String s ? s : Replies.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a step as JSON", e);
    }
  }

  void update(ServerRequest req, ServerResponse res) {
    Update body = Replies.body(req, Update.class, null);
    if (body == null) {
      throw new BadRequestException("step update needs a body");
    }
    var held = access.build(req, res, body.buildId());
    if (held.isEmpty()) {
      return;
    }
    String step = req.path().pathParameters().get("step");
    var result =
        steps.updateStep(
            held.get().build(),
            step,
            body.attribute(),
            body.value(),
            Boolean.TRUE.equals(body.append()),
            Optional.ofNullable(body.idempotencyUuid()).filter(u -> !u.isBlank()));
    switch (result) {
      case Result.Done<Boolean> d -> Replies.ok(res, Map.of());
      case Result.NotFound<Boolean> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no step " + step + " in the build");
      case Result.Refused<Boolean> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
