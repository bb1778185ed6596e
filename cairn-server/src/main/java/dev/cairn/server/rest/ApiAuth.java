package dev.cairn.server.rest;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.server.http.Credentials;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Checks the REST API token ({@code Authorization: Bearer <token>}), or answers 401. */
final class ApiAuth {
  private final AgentRegistry registry;

  ApiAuth(AgentRegistry registry) {
    this.registry = registry;
  }

  boolean allowed(ServerRequest req, ServerResponse res) {
    boolean ok = Credentials.token(req).map(registry::isApiToken).orElse(false);
    if (!ok) {
      Replies.error(
          res,
          Status.UNAUTHORIZED_401,
          "Authentication required. Please supply a valid API Access Token.");
    }
    return ok;
  }
}
