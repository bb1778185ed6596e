package dev.cairn.server.agentapi;

import dev.cairn.core.annotation.Annotation;
import dev.cairn.core.orchestrate.Annotations;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code buildkite-agent annotate} ({@code POST jobs/{id}/annotations}) and {@code annotation
 * remove} ({@code DELETE jobs/{id}/annotations/{context}?scope=}).
 */
final class AnnotationHandler {
  private final Annotations annotations;
  private final JobAccess access;

  AnnotationHandler(Annotations annotations, JobAccess access) {
    this.annotations = annotations;
    this.access = access;
  }

  record Body(
      String body, String context, String style, Boolean append, Integer priority, String scope) {}

  void annotate(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    Body body = Replies.body(req, Body.class, new Body(null, null, null, null, null, null));
    var request =
        new Annotations.Request(
            body.body(),
            body.context(),
            body.style(),
            Boolean.TRUE.equals(body.append()),
            body.priority(),
            body.scope());
    switch (annotations.annotate(held.get().build().id(), held.get().job().id(), request)) {
      case Result.Done<Annotation> d ->
          Replies.json(res, Status.CREATED_201, Map.of("id", d.value().id()));
      case Result.NotFound<Annotation> n -> Replies.error(res, Status.NOT_FOUND_404, "no build");
      case Result.Refused<Annotation> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  void remove(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    String context = req.path().pathParameters().get("context");
    String scope = req.query().first("scope").orElse("build");
    switch (annotations.remove(held.get().build().id(), held.get().job().id(), context, scope)) {
      case Result.Done<Boolean> d -> Replies.ok(res, Map.of());
      case Result.NotFound<Boolean> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no annotation with context " + context);
      case Result.Refused<Boolean> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
