package dev.cairn.server.rest;

import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.orchestrate.Secrets;
import dev.cairn.core.secret.Secret;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /v2/organizations/{org}/secrets/{key}} with {@code {"value": "..."}}: sets a secret of
 * the built-in store. The reply names the secret and never carries its value.
 */
final class SecretResource {
  private final Pipelines pipelines;
  private final Secrets secrets;

  SecretResource(Pipelines pipelines, Secrets secrets) {
    this.pipelines = pipelines;
    this.secrets = secrets;
  }

  record Body(String value) {}

  void put(ServerRequest req, ServerResponse res) {
    var params = req.path().pathParameters();
    String org = params.get("org");
    String key = params.get("key");
    if (pipelines.organization(org).isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No organization found");
      return;
    }
    Body body = Replies.body(req, Body.class, new Body(null));
    if (body.value() == null) {
      Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, "Validation failed: value is missing");
      return;
    }
    switch (secrets.put(org, key, new Secret(body.value()))) {
      case Result.Done<String> d -> {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.value());
        json.put("key", key);
        Replies.ok(res, json);
      }
      case Result.NotFound<String> n -> Replies.error(res, Status.NOT_FOUND_404, "Not found");
      case Result.Refused<String> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, "Validation failed: " + r.reason());
    }
  }
}
