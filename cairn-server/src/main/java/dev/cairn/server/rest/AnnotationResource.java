package dev.cairn.server.rest;

import dev.cairn.core.annotation.Annotation;
import dev.cairn.core.orchestrate.Annotations;
import dev.cairn.server.http.Replies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET .../builds/{number}/annotations}, in Buildkite's shape. Bodies are returned as given
 * in {@code body_html} (Cairn does not render Markdown yet) and, as Cairn's addition, {@code body},
 * {@code priority} and {@code scope}.
 */
final class AnnotationResource {
  private final BuildResource builds;
  private final Annotations annotations;

  AnnotationResource(BuildResource builds, Annotations annotations) {
    this.builds = builds;
    this.annotations = annotations;
  }

  void list(ServerRequest req, ServerResponse res) {
    builds
        .find(req, res)
        .ifPresent(build ->
            Replies.ok(res, annotations.ofBuild(build.id()).stream().map(this::json).toList()));
  }

  private Map<String, Object> json(Annotation a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("context", a.context());
    json.put("style", a.style());
    json.put("priority", a.priority());
    json.put("scope", a.jobId().isPresent() ? "job" : "build");
    json.put("job_id", a.jobId().orElse(null));
    json.put("body_html", a.body());
    json.put("body", a.body());
    json.put("created_at", a.createdAt().toString());
    json.put("updated_at", a.updatedAt().toString());
    return json;
  }
}
