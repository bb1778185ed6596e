package dev.cairn.server.rest;

import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v2/organizations/{org}}. */
final class OrganizationResource {
  private final Pipelines pipelines;
  private final Links links;

  OrganizationResource(Pipelines pipelines, Links links) {
    this.pipelines = pipelines;
    this.links = links;
  }

  void get(ServerRequest req, ServerResponse res) {
    String slug = req.path().pathParameters().get("org");
    pipelines
        .organization(slug)
        .ifPresentOrElse(
            org -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("id", org.id());
              json.put("url", links.organization(org.slug()));
              json.put("web_url", links.baseUrl() + "/" + org.slug());
              json.put("name", org.name());
              json.put("slug", org.slug());
              json.put("pipelines_url", links.organization(org.slug()) + "/pipelines");
              json.put("created_at", org.createdAt().toString());
              Replies.ok(res, json);
            },
            () -> Replies.error(res, Status.NOT_FOUND_404, "No organization found"));
  }
}
